import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FUND_CONTRIBUTION_BASES, type FundCommitment } from '@cmm/contracts';
import { FUND_COMMITMENT_KINDS } from '@cmm/domain';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCivilDate, trimmed } from '../validation/dto-rules';

/**
 * A commitment as an act states it, whoever takes it: the same rules as the Fund ledger
 * that will post it, so nothing accepted here is refused when the act comes into force.
 */
export class CommitmentTermsDto {
  @ApiProperty({ enum: FUND_COMMITMENT_KINDS })
  @IsIn(FUND_COMMITMENT_KINDS)
  kind!: FundCommitment['kind'];

  @ApiPropertyOptional({ enum: FUND_CONTRIBUTION_BASES, nullable: true, description: 'Obbligatoria per i contributi al Fondo' })
  @IsOptional()
  @IsIn(FUND_CONTRIBUTION_BASES)
  legalBasis?: (typeof FUND_CONTRIBUTION_BASES)[number] | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: 'Importo in centesimi di euro; assente per un obbligo non monetario',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents?: number | null;

  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @trimmed()
  @IsString()
  @Length(1, 2000)
  description!: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCivilDate()
  dueDate?: string | null;
}

/** A commitment of one party to an act with several: a municipality, or CMM itself. */
export class PartyCommitmentDto extends CommitmentTermsDto {
  @ApiProperty({ example: '015146', description: 'Codice ISTAT del Comune impegnato, o "cmm"' })
  @Matches(/^(\d{6}|cmm)$/, { message: 'party must be an ISTAT code or cmm' })
  party!: string;
}
