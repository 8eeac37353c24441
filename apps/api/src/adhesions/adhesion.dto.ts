import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADHESION_CASES, ADHESION_STATES, STTM_NUMBERS } from '@cmm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DeliberationDto } from '../common/dto/deliberation.dto';
import { CommitmentTermsDto } from '../fund/commitment.dto';

export class AdhesionUploadsDto {
  @ApiProperty({ format: 'uuid', description: 'Atto deliberativo di adesione (obbligatorio)' })
  @IsUUID('4', { message: 'deliberation must be the uploadId of the adhesion deliberation' })
  deliberation!: string;

  @ApiPropertyOptional({ type: [String], description: 'Altri allegati' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('4', { each: true })
  attachments?: string[];
}

export class SubmitAdhesionDto {
  @ApiProperty({ type: DeliberationDto })
  @ValidateNested()
  @Type(() => DeliberationDto)
  deliberation!: DeliberationDto;

  @ApiProperty({ type: [Number], enum: STTM_NUMBERS, description: 'STTM a cui il Comune aderisce' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STTM_NUMBERS, { each: true })
  sttm!: number[];

  @ApiProperty({ enum: ADHESION_CASES, description: 'Caso di adesione (Relazione generale §4.5): a, b, c, d' })
  @IsIn(ADHESION_CASES)
  adhesionCase!: (typeof ADHESION_CASES)[number];

  @ApiPropertyOptional({ default: true, description: 'Adesione anche al Fondo perequativo metropolitano' })
  @IsOptional()
  @IsBoolean()
  fund?: boolean;

  @ApiPropertyOptional({ type: [CommitmentTermsDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CommitmentTermsDto)
  commitments?: CommitmentTermsDto[];

  @ApiProperty({ type: AdhesionUploadsDto })
  @ValidateNested()
  @Type(() => AdhesionUploadsDto)
  uploads!: AdhesionUploadsDto;
}

export class RequestCorrectionsDto {
  @ApiProperty({ type: [String], description: 'Correzioni o integrazioni richieste' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  corrections!: string[];

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class SubmitCorrectionsDto {
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiProperty({ type: [String], description: 'Documenti della pratica caricati con le correzioni' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  documentIds!: string[];
}

export class AdhesionReceiptDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'AD-2026-000001' }) reference!: string;
  @ApiProperty({ example: '2026/0000042' }) protocolNumber!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ description: 'false se la stessa delibera era già stata presentata' }) created!: boolean;
}

export class AdhesionViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: ADHESION_STATES }) state!: string;
  @ApiProperty() istatCode!: string;
  @ApiProperty({ type: [Number] }) sttm!: number[];
  @ApiProperty({ enum: ADHESION_CASES }) adhesionCase!: string;
  @ApiProperty() fund!: boolean;
  @ApiProperty({ type: DeliberationDto }) deliberation!: DeliberationDto;
  @ApiProperty({ type: [Object] }) commitments!: object[];
  @ApiProperty() correctionRequests!: number;
  @ApiProperty({ type: Object, nullable: true, description: 'effectiveFrom, protocolNumber, ledgerTransactionId' }) registration!:
    object | null;
  @ApiProperty({ type: Object, nullable: true }) closure!: object | null;
}
