import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { trimmed } from '../../validation/dto-rules';

/** The reason given for a step that ends or refuses a case (withdrawal, archiving, rejection). */
export class ReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reason!: string;
}
