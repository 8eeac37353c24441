import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** A page of a workspace list: how many rows, and where the previous page stopped (its `next`). */
export class KeysetPageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ description: 'Il valore di next della pagina precedente' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
