import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALL_STATES, PROPOSAL_KINDS, type ProposalKind, TIE_BREAK_RULES, type TieBreakRule } from '@cmm/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { trimmed } from '../validation/dto-rules';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';

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

/** What a proposal says, whether first submitted or corrected. */
export class ProposalFieldsDto {
  @ApiProperty({
    enum: PROPOSAL_KINDS,
    description: 'intervention (intervento da finanziare), building-regeneration (edificio da rigenerare)',
  })
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

  @ApiProperty({ description: 'Localizzazione (indirizzo, area, foglio e mappale)' })
  @trimmed()
  @IsString()
  @Length(1, 1000)
  location!: string;

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

export class SubmitProposalDto extends ProposalFieldsDto {
  @ApiProperty({ example: 2027, description: "Anno dell'avviso a cui si partecipa" })
  @IsInt()
  @Min(2000)
  @Max(2999)
  year!: number;
}

/** The whole corrected proposal; its uploads are added to the documents already filed. */
export class AmendProposalDto extends ProposalFieldsDto {}

export class EligibilityDto {
  @ApiProperty() @IsBoolean() eligible!: boolean;
  @ApiProperty({ description: 'Motivazione (obbligatoria)' }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
}

export class ScoresDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'sttm-1': 8, 'sttm-2': 6, 'sttm-3': 4, 'art-19': 7 },
    description: 'Punti per criterio (0..scala)',
  })
  @IsObject()
  scores!: Record<string, number>;
}

export class CancelCallDto {
  @ApiProperty() @trimmed() @IsString() @Length(1, 4000) reason!: string;
}

export class CriterionDto {
  @ApiProperty({ example: 'sttm-1' }) id!: string;
  @ApiProperty({ type: BilingualLabelDto }) label!: BilingualLabelDto;
  @ApiProperty({ description: 'Peso intero; i pesi di un avviso sommano a 100' }) weight!: number;
  @ApiProperty({ description: 'Fonte normativa del criterio' }) source!: string;
}

export class TieBreakRuleDto {
  @ApiProperty({ enum: TIE_BREAK_RULES }) id!: TieBreakRule;
  @ApiProperty({ type: BilingualLabelDto }) label!: BilingualLabelDto;
  @ApiPropertyOptional({ description: 'Perché la regola è in quella posizione' }) note?: string;
}

export class CallCriteriaDto {
  @ApiProperty({ example: '2026.1', description: 'Versione dei dati dei criteri copiata all’apertura' }) version!: string;
  @ApiProperty({ description: 'Fonte normativa dei criteri' }) source!: string;
  @ApiPropertyOptional({ description: 'Stato di conferma dei dati (default: valori predefiniti)' }) confirmed?: string;
  @ApiPropertyOptional({ description: 'Nota sui dati dei criteri' }) note?: string;
  @ApiProperty({ description: 'Punti per criterio da 0 a scale (interi)', example: 10 }) scale!: number;
  @ApiProperty({ type: [CriterionDto] }) criteria!: CriterionDto[];
  @ApiProperty({ type: [TieBreakRuleDto], description: 'Regole di parità, in ordine di applicazione' }) tieBreak!: TieBreakRuleDto[];
}

export class CallRegistrationDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'AA-2027-000001' }) reference!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ example: '2027/0000012', description: "Protocollo in uscita dell'avviso" }) protocolNumber!: string;
  @ApiProperty({ format: 'uuid' }) noticeDocumentId!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: CallCriteriaDto, description: 'Criteri e pesi fissati all’apertura' }) criteria!: CallCriteriaDto;
  @ApiProperty() created!: boolean;
}

export class ProposalReceiptDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'P-1' }) proposalId!: string;
  @ApiProperty({ example: '2027/0000013' }) protocolNumber!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class TermLimitsDto {
  @ApiProperty({ description: 'Sospensioni ammesse dalla regola' }) suspensions!: number;
  @ApiProperty({ description: 'Interruzioni ammesse dalla regola' }) interruptions!: number;
}

export class TermNextStepDto {
  @ApiProperty({
    enum: ['rung', 'auto-resume'],
    description: 'rung: prossimo promemoria; auto-resume: ripresa automatica del termine sospeso',
  })
  kind!: 'rung' | 'auto-resume';
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ example: 't-minus-7' }) rungId?: string;
  @ApiPropertyOptional() escalation?: boolean;
  @ApiPropertyOptional({ type: BilingualLabelDto }) label?: BilingualLabelDto;
}

/** A term as the workflow tracks it (window, albo pretorio periods), computed by the legal calendar. */
export class CallTermDto {
  @ApiProperty() deadlineId!: string;
  @ApiProperty({ example: 'annual-call.submission-window' }) ruleId!: string;
  @ApiProperty({
    enum: ['running', 'suspended'],
    description: 'Stato quando il termine è stato calcolato (lo stato attuale è in GET /cases/{caseId}/deadlines)',
  })
  status!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Ultimo giorno utile' }) dueDate!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Primo istante dopo l’ultimo giorno (ora di Roma)' })
  dueAt!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) internalTarget!: string | null;
  @ApiProperty({ description: 'Fonte normativa del termine' }) legalSource!: string;
  @ApiProperty({ type: [BilingualLabelDto], description: 'Come è stato calcolato, passo per passo' }) explanation!: BilingualLabelDto[];
  @ApiProperty({ type: TermLimitsDto }) limits!: TermLimitsDto;
  @ApiProperty({ type: TermNextStepDto, nullable: true }) next!: TermNextStepDto | null;
}

export class EligibilityDecisionDto {
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ description: 'Motivazione della decisione' }) reasons!: string;
  @ApiProperty({ description: 'Chi ha deciso (soggetto)' }) by!: string;
}

export class ProposalAmendmentDto {
  @ApiProperty({ example: '2027/0000014', description: 'Protocollo in entrata della correzione' }) protocolNumber!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ProposalViewDto {
  @ApiProperty({ example: 'P-1' }) id!: string;
  @ApiProperty({ enum: PROPOSAL_KINDS }) kind!: ProposalKind;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Costo in centesimi di euro' }) costCents!: number;
  @ApiProperty({ description: 'Cofinanziamento del Comune in centesimi di euro' }) cofinancingCents!: number;
  @ApiProperty() location!: string;
  @ApiProperty({ type: [Number], description: 'STTM interessate' }) sttm!: number[];
  @ApiProperty({ description: 'Documenti presentati con la proposta e le sue correzioni' }) documentCount!: number;
  @ApiProperty({ example: '015146' }) istatCode!: string;
  @ApiProperty() municipality!: string;
  @ApiProperty({ description: 'Ordine di arrivo nell’avviso (1, 2, ...)' }) sequence!: number;
  @ApiProperty({ example: '2027/0000013', description: 'Protocollo in entrata della proposta' }) protocolNumber!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ type: [Number], description: 'STTM a cui il Comune aderiva il giorno della proposta' }) adheringSttm!: number[];
  @ApiProperty({ type: [String], format: 'uuid' }) documentIds!: string[];
  @ApiProperty({ type: EligibilityDecisionDto, nullable: true, description: 'null: non ancora decisa' })
  eligibility!: EligibilityDecisionDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    nullable: true,
    description: 'Punti per criterio; null: non ancora valutata',
  })
  scores!: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: String }) scoredBy!: string | null;
  @ApiProperty({ type: [ProposalAmendmentDto], description: 'Correzioni presentate nella finestra, in ordine' })
  amendments!: ProposalAmendmentDto[];
}

export class RankingEntryDto {
  @ApiProperty() position!: number;
  @ApiProperty({ example: 'P-1' }) proposalId!: string;
  @ApiProperty({ example: '015146' }) istatCode!: string;
  @ApiProperty() municipality!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Somma di peso × punti: il numero che la graduatoria confronta' }) weightedPoints!: number;
  @ApiProperty({ description: 'Punteggio da 0 a 100' }) score!: number;
  @ApiProperty({
    enum: TIE_BREAK_RULES,
    nullable: true,
    type: String,
    description: 'La regola che ha messo la proposta dopo quella sopra, a parità di punteggio',
  })
  tieBrokenBy!: TieBreakRule | null;
}

export class CallOutcomeDto {
  @ApiProperty({ enum: ['ranking-published', 'cancelled'] }) kind!: 'ranking-published' | 'cancelled';
  @ApiPropertyOptional({ format: 'date-time', description: 'Quando la graduatoria è stata approvata' }) on?: string;
  @ApiPropertyOptional({ description: 'Motivazione dell’annullamento' }) reason?: string;
}

export class CallViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: CALL_STATES }) state!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Sempre null per un avviso registrato' }) duplicateOf!: string | null;
  @ApiProperty({ type: CallCriteriaDto }) criteria!: CallCriteriaDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) noticeDocumentId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Protocollo in uscita dell'avviso" }) noticeProtocolNumber!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({ type: CallTermDto, nullable: true, description: 'Finestra di presentazione (annual-call.submission-window)' })
  submissionWindow!: CallTermDto | null;
  @ApiProperty({ type: [CallTermDto], description: 'Periodi di 15 giorni all’albo pretorio (avviso, graduatoria)' })
  publicationTerms!: CallTermDto[];
  @ApiProperty({ type: [ProposalViewDto], description: 'Le proposte (un Comune vede solo le proprie)' }) proposals!: ProposalViewDto[];
  @ApiProperty({ type: [RankingEntryDto], nullable: true, description: 'null finché la graduatoria non è approvata' }) ranking!:
    RankingEntryDto[] | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) rankingDocumentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) rankingProtocolNumber!: string | null;
  @ApiProperty({ type: CallOutcomeDto, nullable: true }) outcome!: CallOutcomeDto | null;
}

export class RankingDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [RankingEntryDto], description: 'Posizione, Comune, proposta, punteggio (0-100), regola che ha risolto la parità' })
  ranking!: RankingEntryDto[];
  @ApiProperty({ type: [TieBreakRuleDto], description: 'Regole di parità applicate, in ordine' }) tieBreak!: TieBreakRuleDto[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) documentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) protocolNumber!: string | null;
}

export class CallSummaryDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'AA-2027-000001' }) reference!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: `Stato della pratica (${CALL_STATES.join(', ')})` }) state!: string;
  @ApiProperty({ type: BilingualLabelDto }) stateLabel!: BilingualLabelDto;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
}

export class CallListDto {
  @ApiProperty({ type: [CallSummaryDto], description: 'Dal più recente' }) items!: CallSummaryDto[];
}
