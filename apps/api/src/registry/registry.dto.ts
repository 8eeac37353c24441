import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CSV_SEPARATORS, type CsvSeparator, DEFAULT_CSV_SEPARATOR, type RegistryEntryView } from '@cmm/persistence';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { IsCivilDate } from '../validation/dto-rules';

export const REGISTRY_DIRECTIONS = ['in', 'out'] as const;
export const DAILY_REGISTER_FORMATS = ['json', 'csv', 'pdf'] as const;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterEntryDto {
  @ApiProperty({ enum: REGISTRY_DIRECTIONS, description: 'in = in entrata, out = in uscita' })
  @IsIn(REGISTRY_DIRECTIONS)
  direction!: 'in' | 'out';

  @ApiProperty({ description: 'Mittente (in entrata) o destinatario (in uscita)', example: 'Comune di Abbiategrasso', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  correspondent!: string;

  @ApiProperty({ description: 'Oggetto del documento', example: 'Trasmissione variante al PGT', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  subject!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pratica a cui il documento si riferisce (deve esistere)' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: 'Impronta SHA-256 del documento (64 cifre esadecimali)', pattern: '^[0-9a-fA-F]{64}$' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'documentSha256 must be 64 hexadecimal digits' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  documentSha256?: string;
}

export class AnnulEntryDto {
  @ApiProperty({ description: "Motivo dell'annullamento (DPR 445/2000 art. 54)", minLength: 5, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason!: string;
}

export class DailyRegisterQueryDto {
  @ApiProperty({ format: 'date', example: '2026-03-02', description: 'Giorno (calendario di Roma)' })
  @IsCivilDate()
  date!: string;

  @ApiPropertyOptional({ enum: DAILY_REGISTER_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(DAILY_REGISTER_FORMATS)
  format: 'json' | 'csv' | 'pdf' = 'json';

  @ApiPropertyOptional({
    enum: CSV_SEPARATORS,
    default: DEFAULT_CSV_SEPARATOR,
    description: 'Con format=csv: separatore di campo. semicolon (predefinito) per Excel in italiano; comma per RFC 4180',
  })
  @IsOptional()
  @IsIn(CSV_SEPARATORS)
  separator: CsvSeparator = DEFAULT_CSV_SEPARATOR;
}

export class AnnulmentDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) annulledAt!: string;
  @ApiProperty({ description: 'Chi ha annullato (subject)' }) annulledBy!: string;
}

export class RegistryEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026/0000123', description: 'Anno / numero progressivo di almeno sette cifre' }) protocolNumber!: string;
  @ApiProperty({ example: 'generale' }) register!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: 123 }) number!: number;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date', description: 'Giorno di registrazione (calendario di Roma)' }) registeredOn!: string;
  @ApiProperty({ enum: REGISTRY_DIRECTIONS }) direction!: 'in' | 'out';
  @ApiProperty() correspondent!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'CE-2026-000123' }) caseReference!: string | null;
  @ApiProperty({ nullable: true, type: String }) documentSha256!: string | null;
  @ApiProperty({ description: 'Chi ha registrato (subject)' }) registeredBy!: string;
  @ApiProperty({ type: AnnulmentDto, nullable: true }) annulment!: AnnulmentDto | null;

  static from(entry: RegistryEntryView): RegistryEntryDto {
    return {
      id: entry.id,
      protocolNumber: entry.protocolNumber,
      register: entry.register,
      year: entry.year,
      number: entry.number,
      registeredAt: entry.registeredAt.toISOString(),
      registeredOn: entry.registeredOn,
      direction: entry.direction,
      correspondent: entry.correspondent,
      subject: entry.subject,
      caseId: entry.caseId,
      caseReference: entry.caseReference ?? null,
      documentSha256: entry.documentSha256,
      registeredBy: entry.registeredBy,
      annulment: entry.annulment
        ? { reason: entry.annulment.reason, annulledAt: entry.annulment.annulledAt.toISOString(), annulledBy: entry.annulment.annulledBy }
        : null,
    };
  }
}

export class DailyRegisterDto {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ example: 'generale' }) register!: string;
  @ApiProperty({ type: [RegistryEntryDto], description: 'In ordine di numero' }) entries!: RegistryEntryDto[];
}
