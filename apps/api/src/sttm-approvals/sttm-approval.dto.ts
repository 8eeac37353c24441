import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACT_KINDS,
  CONTRODEDUZIONE_OUTCOMES,
  OSSERVAZIONI_TRIGGERS,
  type OsservazioniTrigger,
  PARTICIPATION_KINDS,
  VAS_STEPS,
} from '@cmm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate, trimmed } from '../validation/dto-rules';

export class ActDto {
  @ApiProperty({ enum: ACT_KINDS, description: 'decree (decreto), resolution (delibera), notice (avviso), minutes (verbale)' })
  @IsIn(ACT_KINDS)
  type!: (typeof ACT_KINDS)[number];

  @ApiProperty({ example: '77' })
  @trimmed()
  @IsString()
  @Length(1, 40)
  number!: string;

  @ApiProperty({ format: 'date', example: '2022-04-14' })
  @IsCivilDate()
  date!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Documento della pratica con l'atto (POST /cases/{caseId}/documents)" })
  @IsOptional()
  @IsUUID('4')
  documentId?: string;
}

export class ActBodyDto {
  @ApiProperty({ type: ActDto })
  @ValidateNested()
  @Type(() => ActDto)
  act!: ActDto;
}

export class StartSttmDto {
  @ApiProperty({ minimum: 1, example: 1, description: 'Numero della STTM (1, 2, 3 le prime tre)' })
  @IsInt()
  @Min(1)
  @Max(99)
  sttmNumber!: number;

  @ApiProperty({ example: 'Rigenerazione urbana e territoriale' })
  @trimmed()
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({
    description:
      'Termini dimezzati (NdA art. 7bis c.7): solo le prime tre STTM; per una STTM successiva `true` è rifiutato (422). Nessun valore predefinito.',
  })
  @IsBoolean()
  halvedTerms!: boolean;

  @ApiProperty({ type: ActDto, description: 'Decreto del Sindaco metropolitano di avvio del procedimento' })
  @ValidateNested()
  @Type(() => ActDto)
  avvio!: ActDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'Il decreto di avvio caricato prima con POST /uploads' })
  @IsOptional()
  @IsUUID('4')
  avvioUploadId?: string;

  @ApiPropertyOptional({
    enum: OSSERVAZIONI_TRIGGERS,
    description:
      "Da che cosa decorrono le osservazioni sulla STTM adottata: albo-publication (pubblicazione all'albo pretorio) o burl-notice (avviso sul BURL). Senza, quello configurato (STTM_OSSERVAZIONI_TRIGGER). Fissato all'avvio per tutto il procedimento.",
  })
  @IsOptional()
  @IsIn(OSSERVAZIONI_TRIGGERS)
  osservazioniTrigger?: OsservazioniTrigger;
}

export class PlanAdoptionDto {
  @ApiProperty({ format: 'date', description: 'Data prevista della delibera di adozione' })
  @IsCivilDate()
  adoptionDate!: string;

  @ApiPropertyOptional({
    description:
      'Registra un programma già attuato (atti del passato registrati dopo): senza, una data la cui messa a disposizione è già scaduta è rifiutata con la prima data ammessa',
  })
  @IsOptional()
  @IsBoolean()
  recordedAfterTheFact?: boolean;
}

export class ParticipationDto {
  @ApiProperty({ enum: PARTICIPATION_KINDS })
  @IsIn(PARTICIPATION_KINDS)
  kind!: (typeof PARTICIPATION_KINDS)[number];

  @ApiProperty() @trimmed() @IsString() @Length(1, 300) title!: string;
  @ApiProperty({ format: 'date' }) @IsCivilDate() date!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  documentIds?: string[];
}

export class ConvokeConferenzaDto extends ActBodyDto {
  @ApiProperty({ format: 'date', description: 'Data della seduta: nei 60 giorni (30 dimezzati) prima dell’adozione' })
  @IsCivilDate()
  meetingDate!: string;

  @ApiPropertyOptional({ example: '10:30', description: 'Ora di inizio della seduta (ora di Roma), riportata nell’invito' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '$property must be HH:mm' })
  meetingTime?: string;

  @ApiPropertyOptional({ example: 'Palazzo Isimbardi, Milano', description: 'Luogo della seduta, riportato nell’invito' })
  @IsOptional()
  @trimmed()
  @IsString()
  @Length(1, 300)
  place?: string;
}

export class InboundDto {
  @ApiProperty({ example: 'Comune di Milano' }) @trimmed() @IsString() @Length(1, 300) from!: string;
  @ApiProperty() @trimmed() @IsString() @Length(1, 20000) text!: string;
  @ApiProperty({ format: 'date' }) @IsCivilDate() receivedOn!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  documentIds?: string[];
}

export class ControdeduzioneDto {
  @ApiProperty({ enum: CONTRODEDUZIONE_OUTCOMES }) @IsIn(CONTRODEDUZIONE_OUTCOMES) outcome!: (typeof CONTRODEDUZIONE_OUTCOMES)[number];
  @ApiProperty() @trimmed() @IsString() @Length(1, 20000) text!: string;
}

export class CancelDto {
  @ApiProperty() @trimmed() @IsString() @Length(1, 4000) reason!: string;
}

export class VasStepDto extends ActBodyDto {
  @ApiProperty({ enum: VAS_STEPS }) @IsIn(VAS_STEPS) step!: (typeof VAS_STEPS)[number];
}

export class VasDecisionDto extends ActBodyDto {
  @ApiProperty({ enum: ['excluded', 'subjected'] }) @IsIn(['excluded', 'subjected']) outcome!: 'excluded' | 'subjected';
  @ApiPropertyOptional() @IsOptional() @trimmed() @IsString() @Length(0, 20000) reasons?: string;
}

export class SttmRegistrationDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'STTM-2022-000001' }) reference!: string;
  @ApiProperty({ example: '2022/0000077' }) protocolNumber!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) avvioDocumentId?: string | null;
  @ApiProperty() created!: boolean;
}

export class SttmScheduleDto {
  @ApiProperty({ format: 'date' }) adoptionDate!: string;
  @ApiProperty() halved!: boolean;
  @ApiProperty({ format: 'date', description: 'Ultimo giorno per la messa a disposizione della proposta' }) availabilityLatest!: string;
  @ApiProperty({ format: 'date', description: 'Primo giorno utile per la conferenza istruttoria' }) conferenzaFrom!: string;
  @ApiProperty({ format: 'date', description: 'Ultimo giorno utile per la conferenza istruttoria' }) conferenzaTo!: string;
  @ApiProperty() legalSource!: string;
}

export class SttmViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty() sttmNumber!: number;
  @ApiProperty() title!: string;
  @ApiProperty() halvedTerms!: boolean;
  @ApiProperty({
    enum: OSSERVAZIONI_TRIGGERS,
    description: "Da che cosa decorrono le osservazioni: pubblicazione all'albo pretorio o avviso sul BURL",
  })
  osservazioniTrigger!: OsservazioniTrigger;
  @ApiProperty() state!: string;
  @ApiProperty({ enum: ['running', 'excluded', 'subjected'] }) vas!: string;
  @ApiProperty({ type: SttmScheduleDto, nullable: true }) schedule!: SttmScheduleDto | null;
  @ApiProperty({ nullable: true, type: Object }) availabilityTerm!: unknown;
  @ApiProperty({ nullable: true, type: Object }) osservazioniTerm!: unknown;
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'Conferenza istruttoria da tenere entro il giorno prima dell’adozione programmata',
  })
  conferenzaTerm!: unknown;
  @ApiProperty({ nullable: true, type: Object, description: 'Adozione alla data programmata' }) adoptionTerm!: unknown;
  @ApiProperty({ type: [Object], description: 'Periodi di 15 giorni all’albo pretorio (adozione, approvazione)' })
  publicationTerms!: unknown[];
  @ApiProperty({ type: [Object] }) acts!: unknown[];
  @ApiProperty({ type: [Object] }) observations!: unknown[];
  @ApiProperty({ nullable: true, type: Object }) outcome!: unknown;
}

export class VasViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: Object }) steps!: unknown;
  @ApiProperty({ type: [Object] }) opinions!: unknown[];
  @ApiProperty({ nullable: true, type: Object }) opinionsTerm!: unknown;
  @ApiProperty({ nullable: true, type: Object }) decisionTerm!: unknown;
  @ApiProperty({ nullable: true, type: Object }) result!: unknown;
}
