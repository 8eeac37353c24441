import { ApiProperty } from '@nestjs/swagger';
import { WORKSPACE_DEADLINE_STATES } from './workspace-deadline.dto';

export const CASE_TERM_STATES = [...WORKSPACE_DEADLINE_STATES, 'cancelled'] as const;
export type CaseTermState = (typeof CASE_TERM_STATES)[number];

export class BilingualLineDto {
  @ApiProperty() it!: string;
  @ApiProperty() en!: string;
}

export class TermSuspensionDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) to!: string | null;
  @ApiProperty({ description: 'Motivo e base giuridica' }) reason!: string;
}

export class CaseTermDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'compatibility-evaluation.opinion' }) ruleId!: string;
  @ApiProperty() labelIt!: string;
  @ApiProperty() labelEn!: string;
  // A case's own terms include the cancelled ones (a replanned adoption, a withdrawn case); the workspace list does not.
  @ApiProperty({ enum: CASE_TERM_STATES }) state!: CaseTermState;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Giorni di calendario alla scadenza (negativi se passata; null se sospeso o concluso)',
  })
  daysLeft!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Giorni lavorativi alla scadenza, calendario legale della regola' })
  workingDaysLeft!: number | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) suspendedSince!: string | null;
  @ApiProperty({ type: [TermSuspensionDto] }) suspensions!: TermSuspensionDto[];
  @ApiProperty() legalSource!: string;
  @ApiProperty({
    type: [BilingualLineDto],
    description:
      'Spiegazione del calcolo dal calendario legale (decorrenza, festivi superati, sospensioni); vuota se il procedimento è concluso',
  })
  explanation!: BilingualLineDto[];
}

export class CaseTermListDto {
  @ApiProperty({ type: [CaseTermDto] }) items!: CaseTermDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Sempre null' }) next!: string | null;
}
