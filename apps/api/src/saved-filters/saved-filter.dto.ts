import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject } from 'class-validator';

export const FILTER_PAGES = ['scadenze', 'pratiche', 'avvisi'] as const;
export type FilterPage = (typeof FILTER_PAGES)[number];

/** A saved filter is the page's query string as key → value; nothing else is kept. */
export class SavedFilterBodyDto {
  @ApiProperty({ enum: FILTER_PAGES, description: "Pagina dell'applicazione a cui il filtro si applica" })
  @IsIn(FILTER_PAGES, { message: `page must be one of ${FILTER_PAGES.join(', ')}` })
  page!: FilterPage;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { procedure: 'compatibility-evaluation', dueWithinDays: '30' },
    description: 'Parametri del filtro (come nella query string della pagina); al più 20, valori di al più 200 caratteri',
  })
  @IsObject({ message: 'query must be an object of strings' })
  query!: Record<string, string>;
}

export class SavedFilterDto {
  @ApiProperty({ example: 'Scadenze Milano a 30 giorni' }) name!: string;
  @ApiProperty({ enum: FILTER_PAGES }) page!: FilterPage;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) query!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SavedFilterListDto {
  @ApiProperty({ type: [SavedFilterDto] }) items!: SavedFilterDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Sempre null: tutti i filtri stanno in una pagina (al più 100 per utente)' })
  next!: string | null;
}
