import { ApiProperty } from '@nestjs/swagger';
import type { SystemProbeRecord } from '@cmm/contracts';

export class SystemProbeDto implements SystemProbeRecord {
  @ApiProperty({ format: 'uuid' }) probeId!: string;
  @ApiProperty({ example: 'system-probe-3f1c…' }) workflowId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ format: 'date-time', description: 'Quando il worker ha scritto la riga in PostgreSQL' }) recordedAt!: string;
  @ApiProperty({ description: 'Il worker che ha eseguito l’attività' }) workerIdentity!: string;
  @ApiProperty({ type: String, nullable: true, description: 'L’id della richiesta visto dall’attività' }) requestId!: string | null;
}
