import { ApiProperty } from '@nestjs/swagger';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';
import { KeysetPageQueryDto } from './keyset-page-query.dto';

/** The failed notices, a page at a time. */
export class FailedNoticeQueryDto extends KeysetPageQueryDto {}

export class FailedNoticeDto {
  @ApiProperty({ format: 'uuid', description: 'Consegna (destinatario)' }) deliveryId!: string;
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseReference!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseTitle!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '/pratiche/0b4b2c1e-…', description: "Pagina della pratica nell'applicazione web" })
  casePagePath!: string | null;
  @ApiProperty({ example: 'integration-requested' }) templateId!: string;
  @ApiProperty({
    type: BilingualLabelDto,
    description: "L'oggetto della comunicazione come lo scrive il suo modello, in italiano e in inglese",
  })
  subject!: BilingualLabelDto;
  @ApiProperty({ enum: ['email', 'pec'] }) channel!: string;
  @ApiProperty() recipientAddress!: string;
  @ApiProperty({ nullable: true, type: String }) recipientName!: string | null;
  @ApiProperty({ enum: ['failed', 'bounced'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) statusAt!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Ultimo errore del server di posta' }) lastError!: string | null;
}

export class FailedNoticePageDto {
  @ApiProperty({ type: [FailedNoticeDto] }) items!: FailedNoticeDto[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}
