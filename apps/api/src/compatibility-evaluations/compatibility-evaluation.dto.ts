import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACT_TYPES, CONCERTATION_OUTCOMES, OPINION_OUTCOMES } from '@cmm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DeadlineViewDto } from '../common/dto/deadline-view.dto';
import { DeliberationDto } from '../common/dto/deliberation.dto';
import { ISTAT_CODE, trimmed } from '../validation/dto-rules';

export class SubmissionUploadsDto {
  @ApiProperty({ format: 'uuid', description: 'Atto adottato (obbligatorio)' })
  @IsUUID('4', { message: 'adoptedAct must be the uploadId of the adopted act' })
  adoptedAct!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Bilancio delle diffusività territoriali: obbligatorio se si dichiara rilevanza sovracomunale',
  })
  @IsOptional()
  @IsUUID('4')
  diffusionBalance?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Delibera di adesione alle STTM e al Fondo (casi a/b)' })
  @IsOptional()
  @IsUUID('4')
  adhesionDeliberation?: string;

  @ApiPropertyOptional({ type: [String], description: 'Altri elaborati' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  attachments?: string[];
}

export class SubmitEvaluationDto {
  @ApiProperty({ enum: ACT_TYPES })
  @IsIn(ACT_TYPES)
  actType!: (typeof ACT_TYPES)[number];

  @ApiProperty({ type: DeliberationDto })
  @ValidateNested()
  @Type(() => DeliberationDto)
  deliberation!: DeliberationDto;

  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @trimmed()
  @IsString()
  @Length(1, 4000)
  description!: string;

  @ApiProperty({ description: 'Il Comune dichiara potenziale rilevanza sovracomunale (art. 10 NdA)' })
  @IsBoolean()
  declaresSupraMunicipalRelevance!: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['015182', '015170'],
    description:
      'Comuni interessati dalle esternalità secondo il bilancio delle diffusività (codici ISTAT): proposti per la conferenza di concertazione',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(133)
  @Matches(ISTAT_CODE, { each: true, message: 'each of affectedMunicipalities must be a six-digit ISTAT code' })
  affectedMunicipalities?: string[];

  @ApiPropertyOptional({ enum: ['a', 'b'], nullable: true, description: 'Adesione contestuale (Relazione generale §4.5, casi a/b)' })
  @IsOptional()
  @IsIn(['a', 'b'])
  adhesionCase?: 'a' | 'b';

  @ApiProperty({ type: SubmissionUploadsDto })
  @ValidateNested()
  @Type(() => SubmissionUploadsDto)
  uploads!: SubmissionUploadsDto;
}

export class RequestIntegrationDto {
  @ApiProperty({ type: [String], description: 'Documenti o contenuti mancanti' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  missing!: string[];

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class SubmitIntegrationDto {
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiProperty({ type: [String], description: 'Documenti della pratica caricati come integrazione' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  documentIds!: string[];
}

export class RelevanceDto {
  @ApiProperty() @IsBoolean() recognised!: boolean;
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
}

/** The one vocabulary of outcomes across procedures: `{ outcome, reasons }`, as the conference's closure. */
export class ConcertationOutcomeDto {
  @ApiProperty({ enum: CONCERTATION_OUTCOMES }) @IsIn(CONCERTATION_OUTCOMES) outcome!: (typeof CONCERTATION_OUTCOMES)[number];
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
}

export class OpinionDto {
  @ApiProperty({ enum: OPINION_OUTCOMES }) @IsIn(OPINION_OUTCOMES) outcome!: (typeof OPINION_OUTCOMES)[number];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 2000, { each: true })
  prescriptions?: string[];

  @ApiPropertyOptional({ maxLength: 8000 }) @IsOptional() @IsString() @MaxLength(8000) reasons?: string;

  @ApiProperty({ format: 'uuid', description: 'Il parere firmato, documento della pratica' })
  @IsUUID('4')
  documentId!: string;
}

export class EvaluationReceiptDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'VC-2026-000001', nullable: true, type: String, description: 'null con Prefer: respond-async' }) reference!:
    string | null;
  @ApiProperty({ example: '2026/0000042', nullable: true, type: String, description: 'null con Prefer: respond-async' }) protocolNumber!:
    string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'La ricevuta di presentazione, documento della pratica (tipo submission-receipt); null con Prefer: respond-async: la si trova tra i documenti della pratica',
  })
  receiptDocumentId!: string | null;
  @ApiProperty({ description: 'false se la stessa domanda era già stata presentata' }) created!: boolean;
}

export class EvaluationViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: DeadlineViewDto, nullable: true }) opinionTerm!: DeadlineViewDto | null;
  @ApiProperty({ type: DeadlineViewDto, nullable: true }) answerTerm!: DeadlineViewDto | null;
  @ApiProperty() integrationRequests!: number;
  @ApiProperty() answerOverdue!: boolean;
  @ApiProperty({ type: Object, nullable: true }) relevance!: object | null;
  @ApiProperty({ type: Object, nullable: true }) concertation!: object | null;
  @ApiProperty({ type: Object, nullable: true }) outcome!: object | null;
}
