import { ApiProperty } from '@nestjs/swagger';

/** A legal term of a case as the read model holds it: the evaluation's, a conference's, an agreement's. */
export class DeadlineViewDto {
  @ApiProperty() ruleId!: string;
  @ApiProperty({
    enum: ['running', 'suspended', 'met', 'expired', 'cancelled'],
    description: 'Dal modello di lettura, come in GET /cases/{caseId}',
  })
  status!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) internalTarget!: string | null;
  @ApiProperty() legalSource!: string;
}
