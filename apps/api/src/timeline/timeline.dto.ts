import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { timelineEventLabel } from '@cmm/domain';
import { type ChainVerification, type TimelineEventEntity, chainBreakText } from '@cmm/persistence';
import type { Locale } from '../problem-details/problem-details';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';

export class TimelineActorDto {
  @ApiProperty({ description: "Subject dell'utente autenticato, o system:<componente> per i passi automatici" }) subject!: string;
  @ApiProperty({
    example: 'officer',
    description:
      'Ruolo: officer, manager, comune, mayor_office, admin per le persone; system per i passi che il sistema registra da sé (prima della versione corrente questi passi erano registrati con admin e restano così, la catena degli hash li verifica come memorizzati)',
  })
  role!: string;
}

export class TimelineEventDto {
  @ApiProperty({ example: 1, description: 'Progressivo nella pratica, da 1 senza salti' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: TimelineActorDto }) actor!: TimelineActorDto;
  @ApiProperty({
    example: 'registry-entry-registered',
    description: 'Tipo di evento, identificativo persistente (fa parte della catena degli hash)',
  })
  type!: string;
  @ApiProperty({
    type: BilingualLabelDto,
    description:
      "L'evento in parole, secondo il procedimento della pratica; un tipo non ancora nominato è mostrato come testo leggibile del suo identificativo",
  })
  label!: BilingualLabelDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ description: 'SHA-256 (hex) di prevHash e del contenuto canonico' }) hash!: string;
  @ApiProperty({ description: "hash dell'evento precedente; 64 zeri per il primo" }) prevHash!: string;

  /** `procedure`: the case's type; the same event type means different things in different procedures. */
  static from(event: TimelineEventEntity, procedure: string): TimelineEventDto {
    return {
      seq: event.seq,
      occurredAt: event.occurredAt.toISOString(),
      actor: { subject: event.actorSubject, role: event.actorRole },
      type: event.type,
      label: timelineEventLabel(procedure, event.type),
      payload: event.payload,
      hash: event.hash,
      prevHash: event.prevHash,
    };
  }
}

export class TimelineVerificationDto {
  @ApiProperty({ description: 'true se ogni anello della catena corrisponde' }) valid!: boolean;
  @ApiProperty({ description: 'Eventi letti' }) events!: number;
  @ApiPropertyOptional({ description: 'seq del primo anello non valido (o mancante)' }) brokenAt?: number;
  @ApiPropertyOptional({
    description: 'Motivo, in italiano; in inglese con Accept-Language: en',
    example: 'il contenuto non corrisponde al suo hash',
  })
  reason?: string;

  static from(verification: ChainVerification, locale: Locale = 'it'): TimelineVerificationDto {
    return verification.valid
      ? { valid: true, events: verification.events }
      : { valid: false, events: verification.events, brokenAt: verification.brokenAt, reason: chainBreakText(verification)[locale] };
  }
}

/** A list is an object so it can grow (pagination, totals) without breaking clients. */
export class TimelineEventListDto {
  @ApiProperty({ type: [TimelineEventDto] }) items!: TimelineEventDto[];
}
