import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { noticeSubject } from '@cmm/notifications';
import { DELIVERY_STATUSES, type DeliveryView, type NotificationView, type ReceiptView } from '@cmm/persistence';
import { IsOptional, IsUUID } from 'class-validator';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';

export class NotificationQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Pratica; obbligatoria per Comuni e uffici del Sindaco' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class NotificationReceiptDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'avvenuta-consegna', description: 'Tipo di ricevuta PEC (X-Ricevuta)' }) kind!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Data certificata dal gestore (daticert.xml)' })
  issuedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'La ricevuta conservata come documento della pratica' })
  documentId!: string | null;

  static from(receipt: ReceiptView): NotificationReceiptDto {
    return {
      id: receipt.id,
      kind: receipt.kind,
      issuedAt: receipt.issuedAt?.toISOString() ?? null,
      receivedAt: receipt.receivedAt.toISOString(),
      error: receipt.error,
      documentId: receipt.documentId,
    };
  }
}

export class NotificationRecipientDto {
  @ApiProperty({ example: 'protocollo@pec.comune.milano.it' }) address!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '015146' }) istatCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'mayor_office' }) role!: string | null;
}

export class NotificationDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: NotificationRecipientDto }) recipient!: NotificationRecipientDto;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) statusAt!: string;
  @ApiProperty({ description: 'Tentativi SMTP' }) attempts!: number;
  @ApiProperty({ description: 'Message-ID del messaggio inviato', example: '<uuid@notifiche.cittametropolitana.mi.it>' })
  messageId!: string;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Avvenuta consegna PEC: il momento legale della notifica',
  })
  deliveredAt!: string | null;
  @ApiProperty({ type: [NotificationReceiptDto] }) receipts!: NotificationReceiptDto[];

  static from(delivery: DeliveryView): NotificationDeliveryDto {
    return {
      id: delivery.id,
      recipient: delivery.recipient,
      status: delivery.status,
      statusAt: delivery.statusAt.toISOString(),
      attempts: delivery.attempts,
      messageId: delivery.messageId,
      lastError: delivery.lastError,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      receipts: delivery.receipts.map(NotificationReceiptDto.from),
    };
  }
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'conference-convocation/…' }) idempotencyKey!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ example: 'conference-convocation' }) templateId!: string;
  @ApiProperty({
    type: BilingualLabelDto,
    description:
      "L'oggetto della comunicazione come lo scrive il suo modello, in italiano e in inglese (il destinatario l'ha ricevuto nella lingua indicata da locale)",
  })
  subject!: BilingualLabelDto;
  @ApiProperty({ enum: ['email', 'pec'] }) channel!: string;
  @ApiProperty({ enum: ['it', 'en'] }) locale!: string;
  @ApiProperty({
    description: "pending finché è nell'outbox; poi lo stato comune dei destinatari, o mixed se differiscono",
    enum: [...DELIVERY_STATUSES, 'mixed'],
  })
  status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Quando è passata dalla outbox alla coda' }) relayedAt!:
    string | null;
  @ApiProperty({ type: [NotificationDeliveryDto] }) deliveries!: NotificationDeliveryDto[];

  static from(notification: NotificationView): NotificationDto {
    const statuses = [...new Set(notification.deliveries.map((d) => d.status))];
    return {
      id: notification.id,
      idempotencyKey: notification.idempotencyKey,
      caseId: notification.caseId,
      templateId: notification.templateId,
      subject: noticeSubject(notification.templateId, notification.data),
      channel: notification.channel,
      locale: notification.locale,
      status: statuses.length === 1 ? statuses[0] : statuses.length === 0 ? 'pending' : 'mixed',
      createdAt: notification.createdAt.toISOString(),
      relayedAt: notification.relayedAt?.toISOString() ?? null,
      deliveries: notification.deliveries.map(NotificationDeliveryDto.from),
    };
  }
}

/** A list is an object so it can grow (pagination, totals) without breaking clients. */
export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
}
