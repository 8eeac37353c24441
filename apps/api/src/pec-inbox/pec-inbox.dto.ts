import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PecInboundMessageView } from '@cmm/persistence';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

export const PEC_INBOX_STATUSES = ['triage', 'quarantined', 'archived', 'filed', 'receipt'] as const;
export type PecInboxStatus = (typeof PEC_INBOX_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PecInboxQueryDto {
  @ApiPropertyOptional({
    enum: PEC_INBOX_STATUSES,
    default: 'triage',
    description:
      'triage = posta da smistare; quarantined = messaggi illeggibili; archived; filed = assegnati a una pratica; receipt = ricevute',
  })
  @IsOptional()
  @IsIn(PEC_INBOX_STATUSES)
  status: PecInboxStatus = 'triage';

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class FilePecDto {
  @ApiProperty({ description: 'Riferimento della pratica a cui assegnare il messaggio', example: 'VC-2026-000123', maxLength: 40 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  caseReference!: string;
}

export class ArchivePecDto {
  @ApiProperty({ description: "Motivo dell'archiviazione senza pratica", minLength: 5, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason!: string;
}

export class PecPartDto {
  @ApiProperty({ description: 'Posizione, per scaricarla (GET /pec-inbox/{id}/parts/{index})' }) index!: number;
  @ApiProperty({ enum: ['postacert', 'attachment'], description: 'postacert = il messaggio originale certificato (.eml)' })
  role!: 'postacert' | 'attachment';
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() sha256!: string;
}

export class PecMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Message-ID della busta di trasporto' }) messageId!: string;
  @ApiProperty({ enum: ['receipt', 'certified', 'malformed'] }) kind!: string;
  @ApiProperty({ enum: PEC_INBOX_STATUSES }) status!: string;
  @ApiProperty({
    nullable: true,
    type: BilingualLabelDto,
    description: 'Perché attende lo smistamento o è in quarantena, in italiano e in inglese',
  })
  reason!: BilingualLabelDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'Indirizzo PEC del mittente (daticert.xml)' }) sender!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Comune mittente riconosciuto dalla sua PEC' }) istatCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) municipalityName!: string | null;
  @ApiProperty({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Ora certificata di invio (daticert.xml)' })
  certifiedSentAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026/0000123' }) protocolNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'VC-2026-000123' }) caseReference!: string | null;
  @ApiProperty({ type: [PecPartDto] }) parts!: PecPartDto[];
  @ApiProperty({ format: 'date-time', description: 'Quando è stato letto dalla casella' }) storedAt!: string;
  @ApiProperty({ nullable: true, type: String }) filedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) filedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) archivedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) archiveReason!: string | null;

  static from(message: PecInboundMessageView): PecMessageDto {
    return {
      id: message.id,
      messageId: message.messageId,
      kind: message.kind,
      status: message.status,
      reason: message.reason,
      sender: message.sender,
      istatCode: message.istatCode,
      municipalityName: message.municipalityName,
      subject: message.subject,
      certifiedSentAt: message.certifiedSentAt?.toISOString() ?? null,
      protocolNumber: message.protocolNumber,
      caseId: message.caseId,
      caseReference: message.caseReference,
      parts: message.attachments.map((part, index) => ({
        index,
        role: part.role,
        filename: part.filename,
        contentType: part.contentType,
        sizeBytes: part.sizeBytes,
        sha256: part.sha256,
      })),
      storedAt: message.storedAt.toISOString(),
      filedBy: message.filedBy,
      filedAt: message.filedAt?.toISOString() ?? null,
      archivedBy: message.archivedBy,
      archivedAt: message.archivedAt?.toISOString() ?? null,
      archiveReason: message.archiveReason,
    };
  }
}

export class PecMessageListDto {
  @ApiProperty({ type: [PecMessageDto], description: 'Dal più vecchio' }) items!: PecMessageDto[];
}
