import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { IsCivilDate, trimmed } from '../../validation/dto-rules';

/** The municipal council's deliberation an act was adopted with: a compatibility evaluation's act, an adhesion. */
export class DeliberationDto {
  @ApiProperty({ example: '45', description: 'Numero della delibera di adozione' })
  @trimmed()
  @IsString()
  @Matches(/^[0-9A-Za-z/.-]{1,20}$/, { message: 'number must be the deliberation number, e.g. 45 or 45/2026' })
  number!: string;

  @ApiProperty({ format: 'date', example: '2026-10-30' })
  @IsCivilDate()
  date!: string;
}
