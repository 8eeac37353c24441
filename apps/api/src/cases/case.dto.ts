import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROCEDURE_TYPES, casePhaseLabel, caseStateLabel } from '@cmm/domain';
import type { CaseEntity, DeadlineEntity } from '@cmm/persistence';
import type { DashboardDeadline } from '@cmm/persistence';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';

export class CaseQueryDto {
  @ApiPropertyOptional({ enum: PROCEDURE_TYPES })
  @IsOptional()
  @IsIn(PROCEDURE_TYPES)
  type?: string;

  @ApiPropertyOptional({ example: 'awaiting-completeness-check' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'state must be a kebab-case state name' })
  state?: string;

  @ApiPropertyOptional({ description: 'Codice ISTAT del comune', example: '015146' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'istat must be a six-digit ISTAT code' })
  istat?: string;

  @ApiPropertyOptional({ description: 'Solo pratiche con un termine scaduto' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Solo pratiche con un termine entro N giorni' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: 'Parole del riferimento o del titolo' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 50, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 50;

  @ApiPropertyOptional({ description: 'nextCursor della pagina precedente' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class DeadlineQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Solo termini in scadenza prima di questo istante' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'dueBefore must be an RFC 3339 date or date-time',
  })
  dueBefore?: string;

  @ApiPropertyOptional({ enum: ['running', 'suspended', 'met', 'expired', 'cancelled'] })
  @IsOptional()
  @IsIn(['running', 'suspended', 'met', 'expired', 'cancelled'])
  status?: 'running' | 'suspended' | 'met' | 'expired' | 'cancelled';
}

export class DeadlineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty() labelIt!: string;
  @ApiProperty() labelEn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Obiettivo interno CMM' }) internalTarget!: string | null;
  @ApiProperty({ enum: ['running', 'suspended', 'met', 'expired', 'cancelled'] }) status!: string;
  @ApiProperty({ description: 'Fonte normativa' }) legalSource!: string;

  static from(row: DeadlineEntity | DashboardDeadline): DeadlineDto {
    return {
      id: row.id,
      caseId: row.caseId,
      ruleId: row.ruleId,
      labelIt: row.labelIt,
      labelEn: row.labelEn,
      dueDate: row.dueDate,
      dueAt: row.dueAt ? row.dueAt.toISOString() : null,
      internalTarget: row.internalTarget,
      status: row.status,
      legalSource: row.legalSource,
    };
  }
}

export class DashboardDeadlineDto extends DeadlineDto {
  @ApiProperty() caseReference!: string;
  @ApiProperty() caseTitle!: string;
  @ApiProperty({ nullable: true, type: String }) istatCode!: string | null;

  static fromDashboard(row: DashboardDeadline): DashboardDeadlineDto {
    return { ...DeadlineDto.from(row), caseReference: row.caseReference, caseTitle: row.caseTitle, istatCode: row.istatCode };
  }
}

export class CaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PROCEDURE_TYPES }) type!: string;
  @ApiProperty({ example: 'CE-2026-000123' }) reference!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) istatCode!: string | null;
  @ApiProperty({ example: 'awaiting-completeness-check', description: 'Stato, identificativo del procedimento (per filtri e confronti)' })
  state!: string;
  @ApiProperty({ type: BilingualLabelDto, description: 'Lo stato in parole, in italiano e in inglese' }) stateLabel!: BilingualLabelDto;
  @ApiProperty({ nullable: true, type: String, description: 'Nota sulla fase, in italiano come registrata (es. termini dimezzati)' })
  phase!: string | null;
  @ApiProperty({ type: BilingualLabelDto, nullable: true, description: 'La nota sulla fase in italiano e in inglese; null senza nota' })
  phaseLabel!: BilingualLabelDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentCaseId!: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(row: CaseEntity): CaseDto {
    return {
      id: row.id,
      type: row.type,
      reference: row.reference,
      title: row.title,
      istatCode: row.istatCode,
      state: row.state,
      stateLabel: caseStateLabel(row.type, row.state),
      phase: row.phase,
      phaseLabel: casePhaseLabel(row.phase),
      parentCaseId: row.parentCaseId,
      openedAt: row.openedAt.toISOString(),
      closedAt: row.closedAt ? row.closedAt.toISOString() : null,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class CaseDetailDto extends CaseDto {
  @ApiProperty({ type: [DeadlineDto] }) deadlines!: DeadlineDto[];
}

/** A list is an object so it can grow (pagination, totals) without breaking clients. */
export class DashboardDeadlineListDto {
  @ApiProperty({ type: [DashboardDeadlineDto], maxItems: 50 }) items!: DashboardDeadlineDto[];
}

export class CasePageDto {
  @ApiProperty({ type: [CaseDto] }) items!: CaseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Da passare come cursor per la pagina successiva' }) nextCursor!: string | null;
}
