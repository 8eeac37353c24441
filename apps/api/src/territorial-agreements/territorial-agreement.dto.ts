import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DeadlineViewDto } from '../compatibility-evaluations/compatibility-evaluation.dto';
import { PartyCommitmentDto } from '../fund/commitment.dto';
import { trimmed } from '../validation/dto-rules';


export class StartAgreementDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Polo logistico di Rozzano: esternalità sulla viabilità sovracomunale' })
  @trimmed()
  @IsString()
  @Length(1, 500)
  subject!: string;

  @ApiProperty({ type: [String], example: ['015189', '015011'], description: 'Codici ISTAT dei Comuni parti dell’accordo (almeno due, distinti)' })
  @IsArray()
  @ArrayMinSize(2, { message: 'municipalities: an agreement binds at least two municipalities' })
  @ArrayMaxSize(133)
  @ArrayUnique({ message: 'municipalities: each municipality appears once' })
  @Matches(/^\d{6}$/, { each: true, message: 'municipalities: each item is a 6-digit ISTAT code' })
  municipalities!: string[];

  @ApiProperty({ description: 'Esternalità metropolitane: la Città metropolitana è parte dell’accordo (art. 10 NdA)' })
  @IsBoolean()
  metropolitanExternalities!: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pratica da cui l’accordo discende (es. conferenza di concertazione)' })
  @IsOptional()
  @IsUUID('4')
  parentCaseId?: string;
}

export class AgreementDraftDto {
  @ApiProperty({ type: [String], description: 'Documenti della pratica con il testo dell’accordo (POST /cases/{caseId}/documents)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  documentIds!: string[];

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class AgreementCommitmentsDto {
  @ApiProperty({ type: [PartyCommitmentDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartyCommitmentDto)
  commitments!: PartyCommitmentDto[];
}

export class AgreementSignatureDto {
  @ApiProperty({ format: 'uuid', description: 'Documento firmato digitalmente (.p7m o PDF firmato), caricato sulla pratica' })
  @IsUUID('4')
  documentId!: string;

  @ApiProperty({ minimum: 1, description: 'Versione della bozza che si sottoscrive' })
  @IsInt()
  @Min(1)
  draftVersion!: number;
}

export class AgreementRefusalDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) draftVersion!: number;
}

export class AgreementFailureDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
}

export class AgreementWithdrawalDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reason!: string;
}

export class AgreementRegistrationDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'AT-2026-000001' }) reference!: string;
  @ApiProperty({ description: 'false se la stessa richiesta (Idempotency-Key) aveva già avviato l’accordo' }) created!: boolean;
}

export class AgreementViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ['drafting', 'awaiting-signatures', 'renegotiation', 'in-force', 'failed', 'withdrawn'] }) state!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentCaseId!: string | null;
  @ApiProperty({ type: [Object], description: 'Parti, con firma (chi, quando, documento) o rifiuto' }) parties!: object[];
  @ApiProperty({ type: Object, nullable: true, description: 'Bozza corrente: versione e documenti' }) draft!: object | null;
  @ApiProperty({ type: [PartyCommitmentDto] }) commitments!: PartyCommitmentDto[];
  @ApiProperty({ type: DeadlineViewDto, nullable: true }) signatureTerm!: DeadlineViewDto | null;
  @ApiProperty() signatureOverdue!: boolean;
  @ApiProperty({ type: [Object] }) refusals!: object[];
  @ApiProperty() rounds!: number;
  @ApiProperty({ type: [Object], description: 'Scadenze degli impegni, dopo l’entrata in vigore' }) commitmentTerms!: object[];
  @ApiProperty({ type: Object, nullable: true }) conclusion!: object | null;
}
