import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CONCERTATION_OUTCOMES, CONFERENCE_STATES, type ConcertationOutcome } from '@cmm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DeadlineViewDto } from '../common/dto/deadline-view.dto';
import { ISTAT_CODE, trimmed } from '../validation/dto-rules';

export class SessionPlanDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-15T09:30:00+01:00', description: 'Inizio della seduta' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time with its offset' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-15T12:30:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 date-time with its offset' })
  endsAt!: string;

  @ApiPropertyOptional({ example: 'Palazzo Isimbardi, via Vivaio 1, Milano — sala Affreschi' })
  @IsOptional()
  @trimmed()
  @IsString()
  @Length(1, 300)
  place?: string;

  @ApiPropertyOptional({ example: 'https://meet.cittametropolitana.mi.it/conferenza-ex-scalo' })
  @IsOptional()
  @trimmed()
  @Matches(/^https:\/\/\S{1,500}$/, { message: 'videoLink must be an https URL' })
  videoLink?: string;
}

export class StartConferenceDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Valutazione di compatibilità che ha riconosciuto la rilevanza sovracomunale' })
  @IsOptional()
  @IsUUID('all')
  parentCaseId?: string;

  @ApiProperty({ example: 'Variante al PGT di Rho — ambito produttivo nord' })
  @trimmed()
  @IsString()
  @Length(3, 300)
  subject!: string;

  @ApiProperty({ example: 'Esame del bilancio delle diffusività territoriali; misure di compensazione; ipotesi di accordo' })
  @trimmed()
  @IsString()
  @Length(3, 4000)
  agenda!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['015182', '015170', '015146'],
    description:
      'Comuni convocati (codici ISTAT_CODE). Con parentCaseId, se omessi: il Comune proponente e quelli indicati nel bilancio delle diffusività',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2, { message: 'municipalities must convene at least two municipalities' })
  @ArrayMaxSize(133)
  @Matches(ISTAT_CODE, { each: true, message: 'each of municipalities must be a six-digit ISTAT_CODE code' })
  municipalities?: string[];

  @ApiProperty({ type: SessionPlanDto })
  @ValidateNested()
  @Type(() => SessionPlanDto)
  firstSession!: SessionPlanDto;
}

export class MoveSessionDto extends SessionPlanDto {}

export class ConferenceReasonDto {
  @ApiProperty({ example: 'Indisponibilità della sala' })
  @trimmed()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class DelegateDto {
  @ApiProperty({ example: 'Arch. Luisa Verdi' })
  @trimmed()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'Assessora all’urbanistica' })
  @trimmed()
  @IsString()
  @Length(1, 200)
  role!: string;

  @ApiProperty({ example: 'l.verdi@comune.rho.mi.it' })
  @trimmed()
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;
}

export class AnswerDto {
  @ApiProperty({ enum: ['confirmed', 'declined', 'delegated'] })
  @IsIn(['confirmed', 'declined', 'delegated'])
  answer!: 'confirmed' | 'declined' | 'delegated';

  @ApiPropertyOptional({ type: DelegateDto, description: 'Obbligatorio con answer = delegated' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelegateDto)
  delegate?: DelegateDto;

  @ApiPropertyOptional({
    example: '015182',
    description: 'Il Comune per cui si risponde: obbligatorio per gli uffici della Città metropolitana',
  })
  @IsOptional()
  @Matches(ISTAT_CODE, { message: 'istatCode must be a six-digit ISTAT_CODE code' })
  istatCode?: string;
}

export class MinutesDto {
  @ApiProperty({ format: 'uuid', description: 'Il verbale, già caricato sulla pratica (POST /cases/{caseId}/documents)' })
  @IsUUID('all')
  documentId!: string;
}

export class ContributionDto {
  @ApiPropertyOptional({ type: [String], description: 'Documenti già caricati sulla pratica' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  documentIds?: string[];

  @ApiPropertyOptional({ example: 'Si chiede di estendere la fascia di mitigazione lungo la SP 229' })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({ example: '015182', description: 'Obbligatorio per gli uffici della Città metropolitana' })
  @IsOptional()
  @Matches(ISTAT_CODE, { message: 'istatCode must be a six-digit ISTAT_CODE code' })
  istatCode?: string;
}

export class AgreementTermsDto {
  @ApiProperty({ example: 'Accordo territoriale per la variante ex scalo' })
  @trimmed()
  @IsString()
  @Length(3, 300)
  subject!: string;

  @ApiProperty({ type: [String], example: ['015146', '015182'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(133)
  @Matches(ISTAT_CODE, { each: true, message: 'each of municipalities must be a six-digit ISTAT_CODE code' })
  municipalities!: string[];

  @ApiProperty({ description: 'Esternalità di rilevanza metropolitana: la Città metropolitana è parte dell’accordo' })
  @IsBoolean()
  metropolitanExternalities!: boolean;
}

export class CloseConferenceDto {
  @ApiProperty({ enum: CONCERTATION_OUTCOMES })
  @IsIn(CONCERTATION_OUTCOMES)
  outcome!: ConcertationOutcome;

  @ApiProperty({ example: 'Intesa sulle misure di compensazione e sul contributo al Fondo' })
  @trimmed()
  @IsString()
  @Length(1, 4000)
  reasons!: string;

  @ApiPropertyOptional({ type: AgreementTermsDto, description: 'Con outcome = agreement-reached: avvia l’accordo territoriale' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgreementTermsDto)
  agreement?: AgreementTermsDto;
}

export class DelegateViewDto {
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ format: 'email' }) email!: string;
}

/** One convened municipality's answer to one session. */
export class AttendanceViewDto {
  @ApiProperty({ enum: ['pending', 'confirmed', 'declined', 'delegated'] }) answer!: string;
  @ApiProperty({ type: DelegateViewDto, nullable: true }) delegate!: DelegateViewDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) answeredAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) answeredBy!: string | null;
  @ApiProperty({
    enum: ['api', 'link'],
    nullable: true,
    type: String,
    description: 'Da utente autenticato o dal link personale della convocazione',
  })
  via!: string | null;
  @ApiProperty({ description: 'Termine di risposta passato senza risposta (la risposta è ancora accolta fino alla seduta)' })
  overdue!: boolean;
  @ApiPropertyOptional({ type: Object, nullable: true, description: 'La risposta data prima che la seduta fosse spostata' }) previous?:
    object | null;
}

@ApiExtraModels(AttendanceViewDto)
export class SessionViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['scheduled', 'held', 'cancelled'] }) status!: string;
  @ApiProperty({ description: 'SEQUENCE dell’invito ICS: 0 alla convocazione, +1 a ogni spostamento o annullamento' }) sequence!: number;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ nullable: true, type: String }) videoLink!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Il verbale, documento della pratica' }) minutesDocumentId!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(AttendanceViewDto) },
    description: 'Risposta per Comune convocato (codice ISTAT)',
  })
  attendance!: Record<string, AttendanceViewDto>;
  @ApiProperty({ type: DeadlineViewDto, nullable: true, description: 'Termine per rispondere alla convocazione' })
  answerTerm!: DeadlineViewDto | null;
}

/** The session as the holder of a convocation's personal link sees it: its own facts, nobody's answers. */
export class AnswerLinkSessionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['scheduled', 'held', 'cancelled'] }) status!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ nullable: true, type: String }) videoLink!: string | null;
}

/** The answer's term as the link holder reads it: the day and its source, no internal ids. */
export class AnswerLinkTermDto {
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({ example: 'NdA PTM art. 10' }) legalSource!: string;
}

/** What the personal link of a convocation shows: one session, one municipality, its answer. */
export class AnswerLinkViewDto {
  @ApiProperty({ nullable: true, type: String, example: 'CC-2026-000001' }) reference!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty() agenda!: string;
  @ApiProperty({ example: 'Comune di Rho' }) municipality!: string;
  @ApiProperty({ example: '015182' }) istatCode!: string;
  @ApiProperty() sessionId!: string;
  @ApiProperty({ type: AnswerLinkSessionDto }) session!: AnswerLinkSessionDto;
  @ApiProperty({
    type: AttendanceViewDto,
    nullable: true,
    description: 'La risposta di questo Comune a questa seduta (pending finché non risponde)',
  })
  answer!: AttendanceViewDto | null;
  @ApiProperty({ type: AnswerLinkTermDto, nullable: true, description: 'Termine per rispondere alla convocazione' })
  answerTerm!: AnswerLinkTermDto | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'Quando il collegamento è stato usato, o la risposta data da un utente autenticato (il collegamento non accetta più risposte)',
  })
  usedAt!: string | null;
}

export class ConferenceViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentCaseId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'CC-2026-000001' }) reference!: string | null;
  @ApiProperty({ enum: CONFERENCE_STATES }) state!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() agenda!: string;
  @ApiProperty({ type: [String] }) convened!: string[];
  @ApiProperty({ type: [SessionViewDto], description: 'Sedute, con risposte per Comune e termine di risposta' })
  sessions!: SessionViewDto[];
  @ApiProperty({ type: [Object] }) contributions!: object[];
  @ApiProperty({ type: Object, nullable: true }) contributionsTerm!: object | null;
  @ApiProperty({ type: Object, nullable: true }) outcome!: object | null;
  @ApiProperty({ type: [Object], description: 'Per Comune convocato: inviti inviati e consegna della PEC' }) notices!: object[];
}

export class LinkAnswerDto {
  @ApiProperty({ enum: ['confirmed', 'declined', 'delegated'] })
  @IsIn(['confirmed', 'declined', 'delegated'])
  answer!: 'confirmed' | 'declined' | 'delegated';

  @ApiPropertyOptional({ description: 'Obbligatorio se partecipa un delegato' })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(200)
  delegateName?: string;

  @ApiPropertyOptional({ description: 'Obbligatorio se partecipa un delegato (es. assessore all’urbanistica)' })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(200)
  delegateRole?: string;

  @ApiPropertyOptional({ format: 'email', description: 'Obbligatoria se partecipa un delegato: riceve anche lui la convocazione' })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(320)
  delegateEmail?: string;
}
