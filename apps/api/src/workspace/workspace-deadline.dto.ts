import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROCEDURE_TYPES } from '@cmm/domain';
import { OBLIGORS } from '@cmm/legal-calendar';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';
import { KeysetPageQueryDto } from './keyset-page-query.dto';

export const WORKSPACE_DEADLINE_STATES = ['running', 'suspended', 'met', 'expired', 'deemed-favourable'] as const;
export type WorkspaceDeadlineState = (typeof WORKSPACE_DEADLINE_STATES)[number];

export class WorkspaceDeadlineQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({ description: 'Solo termini scaduti (data di scadenza passata, ancora aperti o scaduti)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({
    description: 'Solo termini in scadenza entro N giorni di calendario (da oggi, Europe/Rome)',
    minimum: 0,
    maximum: 3650,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'dueWithinDays must be a whole number of days' })
  @Min(0)
  @Max(3650)
  dueWithinDays?: number;

  @ApiPropertyOptional({ enum: PROCEDURE_TYPES, description: 'Procedimento' })
  @IsOptional()
  @IsIn(PROCEDURE_TYPES, { message: `procedure must be one of ${PROCEDURE_TYPES.join(', ')}` })
  procedure?: string;

  @ApiPropertyOptional({ description: 'Codice ISTAT del Comune', example: '015146' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'istat must be a six-digit ISTAT code' })
  istat?: string;

  @ApiPropertyOptional({ enum: WORKSPACE_DEADLINE_STATES, description: 'Stato del termine; senza: i termini aperti (in corso e sospesi)' })
  @IsOptional()
  @IsIn(WORKSPACE_DEADLINE_STATES, { message: `state must be one of ${WORKSPACE_DEADLINE_STATES.join(', ')}` })
  state?: WorkspaceDeadlineState;

  @ApiPropertyOptional({
    enum: OBLIGORS,
    description:
      'Chi deve agire entro il termine, secondo la regola: cmm (Città metropolitana) o third-party (il Comune o un altro soggetto)',
  })
  @IsOptional()
  @IsIn(OBLIGORS, { message: `obligor must be one of ${OBLIGORS.join(', ')}` })
  obligor?: (typeof OBLIGORS)[number];
}

export class WorkspaceDeadlineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'VC-2026-000123' }) caseReference!: string;
  @ApiProperty() caseTitle!: string;
  @ApiProperty({ enum: PROCEDURE_TYPES }) procedure!: string;
  @ApiProperty({ example: 'under-evaluation' }) caseState!: string;
  @ApiProperty({ type: BilingualLabelDto, description: 'Lo stato della pratica in parole, in italiano e in inglese' })
  caseStateLabel!: BilingualLabelDto;
  @ApiProperty({ nullable: true, type: String, example: '015146' }) istatCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Milano' }) municipalityName!: string | null;
  @ApiProperty({ example: 'compatibility-evaluation.opinion' }) ruleId!: string;
  @ApiProperty({ description: 'Che cosa scade', example: 'Parere di compatibilità' }) labelIt!: string;
  @ApiProperty() labelEn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Nullo mentre il termine è sospeso: la scadenza si fissa alla ripresa',
  })
  dueAt!: string | null;
  @ApiProperty({ enum: WORKSPACE_DEADLINE_STATES }) state!: WorkspaceDeadlineState;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Sospeso dal (solo se sospeso)' }) suspendedSince!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Motivo della sospensione in corso' }) suspensionReason!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Giorni di calendario alla scadenza (negativi se passata)' }) daysLeft!:
    number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Giorni lavorativi alla scadenza secondo il calendario legale della regola (negativi se passata)',
  })
  workingDaysLeft!: number | null;
  @ApiProperty({ description: 'Fonte normativa', example: 'L.R. 12/2005 art. 13 c.5' }) legalSource!: string;
}

export class WorkspaceDeadlinePageDto {
  @ApiProperty({ type: [WorkspaceDeadlineDto] }) items!: WorkspaceDeadlineDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Da passare come cursor per la pagina successiva; null: ultima pagina' })
  next!: string | null;
}
