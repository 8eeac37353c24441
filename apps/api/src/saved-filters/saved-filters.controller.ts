import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { DataSource } from 'typeorm';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import { type FilterPage, SavedFilterBodyDto, SavedFilterDto, SavedFilterListDto } from './saved-filter.dto';

const EVERY_ROLE = ['officer', 'manager', 'admin', 'comune', 'mayor_office'] as const;
const MAX_FILTERS_PER_USER = 100;
const MAX_KEYS = 20;
const MAX_VALUE_LENGTH = 200;
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;

interface Row {
  name: string;
  page: FilterPage;
  query: Record<string, string>;
  updated_at: Date;
}

const toDto = (row: Row): SavedFilterDto => ({ name: row.name, page: row.page, query: row.query, updatedAt: row.updated_at.toISOString() });

const checkName = (name: string): void => {
  if (name.trim() !== name || name.length < 1 || name.length > 80 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidParamsException([
      { name: 'name', rule: 'length', reason: 'name: 1–80 printable characters, no leading or trailing spaces' },
    ]);
  }
};

const checkQuery = (query: Record<string, unknown>): Record<string, string> => {
  const entries = Object.entries(query);
  if (entries.length > MAX_KEYS)
    throw new InvalidParamsException([{ name: 'query', rule: 'maxProperties', reason: `query: at most ${MAX_KEYS} parameters` }]);
  for (const [key, value] of entries) {
    if (!KEY.test(key))
      throw new InvalidParamsException([
        { name: `query.${key}`, rule: 'pattern', reason: 'parameter names are letters, digits, _ . - (at most 40)' },
      ]);
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
      throw new InvalidParamsException([
        { name: `query.${key}`, rule: 'isString', reason: `query.${key}: a string of at most ${MAX_VALUE_LENGTH} characters` },
      ]);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
};

/** Filters each user saves on the pages of the web application, kept on the server by token subject. */
@ApiTags('me')
@Controller('me/saved-filters')
export class SavedFiltersController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: "I filtri salvati dell'utente, per nome" })
  @ApiOkResponse({ type: SavedFilterListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<SavedFilterListDto> {
    const rows: Row[] = await this.db.query('SELECT name, page, query, updated_at FROM saved_filters WHERE subject = $1 ORDER BY name', [
      principal.subject,
    ]);
    return { items: rows.map(toDto), next: null };
  }

  @Put(':name')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Salva (o sostituisce) un filtro con questo nome' })
  @ApiOkResponse({ type: SavedFilterDto })
  @ApiResponse({ status: 409, description: 'Troppi filtri salvati (al più 100)' })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() body: SavedFilterBodyDto,
  ): Promise<SavedFilterDto> {
    checkName(name);
    const query = checkQuery(body.query);
    // One statement: the cap holds under concurrent saves of new names.
    const rows: Row[] = await this.db.query(
      `INSERT INTO saved_filters (subject, name, page, query, updated_at)
       SELECT $1, $2, $3, $4::jsonb, now()
       WHERE (SELECT count(*) FROM saved_filters WHERE subject = $1 AND name <> $2) < $5
       ON CONFLICT (subject, name) DO UPDATE SET page = EXCLUDED.page, query = EXCLUDED.query, updated_at = now()
       RETURNING name, page, query, updated_at`,
      [principal.subject, name, body.page, JSON.stringify(query), MAX_FILTERS_PER_USER],
    );
    if (rows.length === 0) throw new ProblemException(409, `at most ${MAX_FILTERS_PER_USER} saved filters per user: delete one first`);
    return toDto(rows[0]);
  }

  @Delete(':name')
  @Allow(...EVERY_ROLE)
  @HttpCode(204)
  @ApiOperation({ summary: 'Elimina un filtro salvato' })
  @ApiNoContentResponse({ description: 'Eliminato' })
  @ApiResponse({ status: 404, description: 'Nessun filtro con questo nome' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<void> {
    const result: [unknown[], number] = await this.db.query('DELETE FROM saved_filters WHERE subject = $1 AND name = $2', [
      principal.subject,
      name,
    ]);
    if (result[1] === 0) throw new ProblemException(404, `no saved filter named "${name}"`);
  }
}
