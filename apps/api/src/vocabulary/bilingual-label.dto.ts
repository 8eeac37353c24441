import { ApiProperty } from '@nestjs/swagger';

/**
 * An identifier's words for people, in both languages at once: a client shows the one of its
 * page and keeps the id to filter and branch on. The vocabulary is the domain's (libs/domain
 * vocabulary, notice templates), so no client re-codes it.
 */
export class BilingualLabelDto {
  @ApiProperty({ description: 'In italiano', maxLength: 300 }) it!: string;
  @ApiProperty({ description: 'In inglese', maxLength: 300 }) en!: string;
}
