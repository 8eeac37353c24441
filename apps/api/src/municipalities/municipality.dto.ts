import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, ValidateIf } from 'class-validator';
import { trimmed } from '../validation/dto-rules';

export class MunicipalityDto {
  @ApiProperty({ example: '015146' }) istatCode!: string;
  @ApiProperty({ example: 'Milano' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) zone!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'protocollo@postacert.comune.milano.it' }) pec!: string | null;
  @ApiProperty({ nullable: true, type: String }) mayorOfficeEmail!: string | null;
}

export class MunicipalityContactsDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'protocollo@postacert.comune.milano.it',
    description: 'PEC dell’ente (indice IPA); null la rimuove',
  })
  @trimmed()
  @ValidateIf((dto: MunicipalityContactsDto) => dto.pec !== null)
  @IsEmail({}, { message: 'pec must be an email address (or null)' })
  pec!: string | null;

  @ApiProperty({ nullable: true, type: String, required: false, example: 'sindaco@comune.milano.it' })
  @IsOptional()
  @trimmed()
  @ValidateIf((dto: MunicipalityContactsDto) => dto.mayorOfficeEmail !== null)
  @IsEmail({}, { message: 'mayorOfficeEmail must be an email address (or null)' })
  mayorOfficeEmail?: string | null;
}

/** A list is an object so it can grow (pagination, totals) without breaking clients. */
export class MunicipalityListDto {
  @ApiProperty({ type: [MunicipalityDto] }) items!: MunicipalityDto[];
}
