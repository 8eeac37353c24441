import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SOIL_EXCHANGE_STATES } from '@cmm/domain';
import { CSV_SEPARATORS, type CsvSeparator, DEFAULT_CSV_SEPARATOR } from '@cmm/persistence';
import { ISTAT_CODE, IsCivilDate, trimmed } from '../validation/dto-rules';
import { PartyCommitmentDto } from './commitment.dto';

const PROTOCOL = /^\d{4}\/\d{7,}$/;

export const FUND_REPORT_FORMATS = ['json', 'csv'] as const;

/** The act that causes a posting: every entry of the ledger points to it. */
export class FundActDto {
  @ApiProperty({ example: 'decreto-dirigenziale', description: 'Tipo di atto (es. decreto-dirigenziale, reversale, delibera)' })
  @trimmed()
  @IsString()
  @Length(1, 60)
  type!: string;

  @ApiProperty({ example: 'Decreto dirigenziale n. 12/2026', description: "Estremi dell'atto" })
  @trimmed()
  @IsString()
  @Length(1, 300)
  reference!: string;

  @ApiProperty({ format: 'date', description: "Data dell'atto (data valuta delle scritture)" })
  @IsCivilDate()
  date!: string;
}

class PostingDto {
  @ApiProperty({ type: FundActDto })
  @ValidateNested()
  @Type(() => FundActDto)
  act!: FundActDto;

  @ApiPropertyOptional({ format: 'uuid', description: "Pratica dell'atto, se c'è" })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ example: '2026/0000123', description: "Numero di protocollo dell'atto (obbligatorio senza pratica)" })
  @IsOptional()
  @Matches(PROTOCOL, { message: 'protocolNumber must be YYYY/NNNNNNN' })
  protocolNumber?: string;
}

export class PostCommitmentsDto {
  @ApiProperty({ format: 'uuid', description: "Pratica dell'atto che crea gli impegni (accordo, adesione)" }) @IsUUID() caseId!: string;
  @ApiProperty({ type: FundActDto }) @ValidateNested() @Type(() => FundActDto) act!: FundActDto;
  @ApiProperty({ type: [PartyCommitmentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartyCommitmentDto)
  commitments!: PartyCommitmentDto[];
}

export class PaymentDto extends PostingDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() commitmentId!: string;
  @ApiProperty({ description: 'Centesimi di euro' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountCents!: number;
}

export class DisbursementDto extends PostingDto {
  @ApiPropertyOptional({
    example: '015182',
    nullable: true,
    description: "Comune dell'intervento; assente per un intervento della Città metropolitana",
  })
  @IsOptional()
  @Matches(ISTAT_CODE, { message: 'istatCode must be six digits' })
  istatCode?: string;

  @ApiProperty({ description: 'Centesimi di euro' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountCents!: number;
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Intervento finanziato' })
  @trimmed()
  @IsString()
  @Length(1, 500)
  intervention!: string;
}

export class BuildingDataDto {
  @ApiProperty({ minLength: 1, maxLength: 500 }) @trimmed() @IsString() @Length(1, 500) description!: string;
  @ApiProperty({ minLength: 1, maxLength: 500 }) @trimmed() @IsString() @Length(1, 500) address!: string;
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'F. 12 mapp. 345 sub. 2' })
  @trimmed()
  @IsString()
  @Length(1, 200)
  cadastralReference!: string;
  @ApiProperty({ description: 'Superficie lorda in m²' }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(1e9) floorAreaM2!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Valore stimato in centesimi di euro' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  estimatedValueCents?: number;
}

export class BuildingConferralDto extends PostingDto {
  @ApiProperty({ example: '015002' }) @Matches(ISTAT_CODE, { message: 'istatCode must be six digits' }) istatCode!: string;
  @ApiProperty({ type: BuildingDataDto }) @ValidateNested() @Type(() => BuildingDataDto) building!: BuildingDataDto;
  @ApiProperty({ type: [String], description: 'uploadId dei documenti (POST /uploads prima)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  uploadIds!: string[];
}

export class SoilAllocationDto extends PostingDto {
  @ApiProperty({ example: '015146' }) @Matches(ISTAT_CODE, { message: 'istatCode must be six digits' }) istatCode!: string;
  @ApiProperty({ description: 'Metri quadrati (interi)' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) squareMetres!: number;
}

export class ReversalDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reason!: string;
  @ApiPropertyOptional({ type: FundActDto, description: "L'atto di rettifica; in mancanza, la data dell'atto stornato" })
  @IsOptional()
  @ValidateNested()
  @Type(() => FundActDto)
  act?: FundActDto;
  @ApiPropertyOptional({ example: '2026/0000123' })
  @IsOptional()
  @Matches(PROTOCOL, { message: 'protocolNumber must be YYYY/NNNNNNN' })
  protocolNumber?: string;
}

export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Alla fine di questo giorno (calendario di Roma); se assente, oggi a Roma' })
  @IsOptional()
  @IsCivilDate()
  on?: string;
  @ApiPropertyOptional({ example: '015146', description: 'Un solo Comune (per i Comuni: sempre il proprio)' })
  @IsOptional()
  @Matches(ISTAT_CODE, { message: 'istat must be six digits' })
  istat?: string;
  @ApiPropertyOptional({ enum: FUND_REPORT_FORMATS, default: 'json' }) @IsOptional() @IsIn(FUND_REPORT_FORMATS) format: 'json' | 'csv' =
    'json';
  @ApiPropertyOptional({
    enum: CSV_SEPARATORS,
    default: DEFAULT_CSV_SEPARATOR,
    description:
      'Con format=csv: separatore di campo. semicolon (predefinito) per Excel in italiano, con la virgola decimale; comma per RFC 4180, con il punto decimale',
  })
  @IsOptional()
  @IsIn(CSV_SEPARATORS)
  separator: CsvSeparator = DEFAULT_CSV_SEPARATOR;
}

export class CommitmentsQueryDto {
  @ApiPropertyOptional({ example: '015146' }) @IsOptional() @Matches(ISTAT_CODE, { message: 'istat must be six digits' }) istat?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;
}

export class ProposeExchangeDto {
  @ApiProperty({ example: '015146', description: 'Comune che cede la quota' })
  @Matches(ISTAT_CODE, { message: 'from must be six digits' })
  from!: string;
  @ApiProperty({ example: '015002', description: 'Comune che riceve la quota' })
  @Matches(ISTAT_CODE, { message: 'to must be six digits' })
  to!: string;
  @ApiProperty({ description: 'Metri quadrati (interi)' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) squareMetres!: number;
  @ApiProperty({ type: FundActDto, description: 'Delibera del Comune proponente che approva lo scambio' })
  @ValidateNested()
  @Type(() => FundActDto)
  act!: FundActDto;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

export class AcceptExchangeDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 300,
    example: 'Delibera di Giunta n. 88 del 02/03/2026',
    description: 'Atto con cui il Comune accetta',
  })
  @trimmed()
  @IsString()
  @Length(1, 300)
  actReference!: string;
}

export class ExchangeReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reason!: string;
}

export class RegisterExchangeDto {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

// Responses.
export class LedgerEntryDto {
  @ApiProperty({ type: String, nullable: true }) istatCode!: string | null;
  @ApiProperty({ enum: ['financial', 'real-estate', 'soil'] }) section!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ enum: ['EUR-cent', 'building', 'm2'] }) unit!: string;
  @ApiProperty({ enum: ['debit', 'credit'] }) side!: string;
  @ApiProperty() amount!: number;
}

export class LedgerTransactionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() actType!: string;
  @ApiProperty({ type: FundActDto }) act!: FundActDto;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) protocolNumber!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) commitmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reverses!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reversedBy!: string | null;
  @ApiProperty() postedBy!: string;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
  @ApiProperty({ type: [LedgerEntryDto] }) entries!: LedgerEntryDto[];
}

export class PostingResultDto {
  @ApiProperty({ type: LedgerTransactionDto }) transaction!: LedgerTransactionDto;
  @ApiProperty({ description: 'false se lo stesso atto era già stato registrato' }) created!: boolean;
}

export class CommitmentViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ type: String, nullable: true }) istatCode!: string | null;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: String, nullable: true }) legalBasis!: string | null;
  @ApiProperty({ type: Number, nullable: true }) amountCents!: number | null;
  @ApiProperty() paidCents!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dueDate!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId!: string | null;
  @ApiProperty() actReference!: string;
  @ApiProperty() cancelled!: boolean;
}

export class BalanceRowDto {
  @ApiProperty({ type: String, nullable: true }) istatCode!: string | null;
  @ApiProperty() municipality!: string;
  @ApiProperty({ enum: ['financial', 'real-estate', 'soil'] }) section!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ enum: ['EUR-cent', 'building', 'm2'] }) unit!: string;
  @ApiProperty() balance!: number;
}

export class BalancesDto {
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ type: [BalanceRowDto] }) rows!: BalanceRowDto[];
}

export class OverdueCommitmentDto {
  @ApiProperty({ format: 'uuid' }) commitmentId!: string;
  @ApiProperty({ type: String, nullable: true }) istatCode!: string | null;
  @ApiProperty() municipality!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: String, nullable: true }) legalBasis!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty() paidCents!: number;
  @ApiProperty() outstandingCents!: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId!: string | null;
  @ApiProperty() actReference!: string;
}

export class OverdueCommitmentsDto {
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ type: [OverdueCommitmentDto] }) rows!: OverdueCommitmentDto[];
}

export class SoilExchangeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() proposer!: string;
  @ApiProperty() squareMetres!: number;
  @ApiProperty({ type: Object, description: 'reference, date' }) act!: object;
  @ApiProperty() note!: string;
  @ApiProperty({ enum: SOIL_EXCHANGE_STATES }) state!: string;
  @ApiProperty() proposedBy!: string;
  @ApiProperty({ format: 'date-time' }) proposedAt!: string;
  @ApiProperty({ type: String, nullable: true }) acceptedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acceptedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) acceptanceActReference!: string | null;
  @ApiProperty({ type: String, nullable: true }) closedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) closingReason!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) transactionId!: string | null;
  @ApiProperty({ type: String, nullable: true }) protocolNumber!: string | null;
}

export class SoilExchangeListDto {
  @ApiProperty({ type: [SoilExchangeDto] }) items!: SoilExchangeDto[];
}

export class CommitmentListDto {
  @ApiProperty({ type: [CommitmentViewDto] }) items!: CommitmentViewDto[];
}
