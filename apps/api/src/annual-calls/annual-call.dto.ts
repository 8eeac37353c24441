import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROPOSAL_KINDS, type ProposalKind } from '@cmm/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { trimmed } from '../validation/dto-rules';


export class StartAnnualCallDto {
  @ApiProperty({ example: 2027, description: "Anno dell'avviso: uno solo per anno" })
  @IsInt()
  @Min(2000)
  @Max(2999)
  year!: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'sttm-1': 30, 'sttm-2': 25, 'sttm-3': 25, 'art-19': 20 },
    description: 'Pesi di questo avviso per criterio (interi, somma 100); senza, quelli dei dati dei criteri',
  })
  @IsOptional()
  @IsObject()
  weights?: Record<string, number>;
}

export class SubmitProposalDto {
  @ApiProperty({ example: 2027, description: "Anno dell'avviso a cui si partecipa" })
  @IsInt()
  @Min(2000)
  @Max(2999)
  year!: number;

  @ApiProperty({ enum: PROPOSAL_KINDS, description: 'intervention (intervento da finanziare), building-regeneration (edificio da rigenerare)' })
  @IsIn(PROPOSAL_KINDS)
  kind!: ProposalKind;

  @ApiProperty() @trimmed() @IsString() @Length(1, 300) title!: string;
  @ApiProperty() @trimmed() @IsString() @Length(1, 20000) description!: string;

  @ApiProperty({ description: 'Costo in centesimi di euro', example: 150000000 })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  costCents!: number;

  @ApiProperty({ description: 'Cofinanziamento del Comune in centesimi di euro (non oltre il costo)', example: 30000000 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  cofinancingCents!: number;

  @ApiProperty({ description: 'Localizzazione (indirizzo, area, foglio e mappale)' }) @trimmed() @IsString() @Length(1, 1000) location!: string;

  @ApiProperty({ type: [Number], example: [1, 2], description: 'STTM interessate (1, 2, 3)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  @IsIn([1, 2, 3], { each: true })
  sttm!: number[];

  @ApiProperty({ type: [String], description: 'Documenti caricati prima con POST /uploads' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  uploadIds!: string[];
}

export class EligibilityDto {
  @ApiProperty() @IsBoolean() eligible!: boolean;
  @ApiProperty({ description: 'Motivazione (obbligatoria)' }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
}

export class ScoresDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'sttm-1': 8, 'sttm-2': 6, 'sttm-3': 4, 'art-19': 7 }, description: 'Punti per criterio (0..scala)' })
  @IsObject()
  scores!: Record<string, number>;
}

export class CancelCallDto {
  @ApiProperty() @trimmed() @IsString() @Length(1, 4000) reason!: string;
}

export class CallRegistrationDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'AA-2027-000001' }) reference!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ example: '2027/0000012', description: "Protocollo in uscita dell'avviso" }) protocolNumber!: string;
  @ApiProperty({ format: 'uuid' }) noticeDocumentId!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: Object, description: 'Criteri e pesi fissati all’apertura' }) criteria!: unknown;
  @ApiProperty() created!: boolean;
}

export class ProposalReceiptDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'P-1' }) proposalId!: string;
  @ApiProperty({ example: '2027/0000013' }) protocolNumber!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class CallViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: ['open', 'evaluation', 'ranking-published', 'concluded', 'cancelled'] }) state!: string;
  @ApiProperty({ type: Object }) criteria!: unknown;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) noticeDocumentId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Protocollo in uscita dell'avviso" }) noticeProtocolNumber!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Finestra di presentazione (annual-call.submission-window)' }) submissionWindow!: unknown;
  @ApiProperty({ type: [Object], description: 'Periodi di 15 giorni all’albo pretorio (avviso, graduatoria)' }) publicationTerms!: unknown[];
  @ApiProperty({ type: [Object], description: 'Le proposte (un Comune vede solo le proprie)' }) proposals!: unknown[];
  @ApiProperty({ type: [Object], nullable: true }) ranking!: unknown[] | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) rankingDocumentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) rankingProtocolNumber!: string | null;
  @ApiProperty({ nullable: true, type: Object }) outcome!: unknown;
}

export class RankingDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [Object], description: 'Posizione, Comune, proposta, punteggio (0-100), regola che ha risolto la parità' }) ranking!: unknown[];
  @ApiProperty({ type: [Object], description: 'Regole di parità applicate, in ordine' }) tieBreak!: unknown[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) documentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) protocolNumber!: string | null;
}
