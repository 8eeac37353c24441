import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { caseStateLabel } from '@cmm/domain';
import { MunicipalityRepository } from '@cmm/persistence';
import type { Response } from 'express';
import { once } from 'node:events';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CaseQueryDto } from '../cases/case.dto';
import { CasesService } from '../cases/cases.service';
import { casesCsvLine as line } from './cases-csv-line';

/** Excel reads a UTF-8 file as UTF-8 only when it starts with a byte order mark. */
const BOM = '\uFEFF';
const BATCH = 100;
// `stato` keeps the id (filters, scripts); `descrizione_stato` is what a person reads in the spreadsheet.
const COLUMNS = [
  'riferimento',
  'procedimento',
  'titolo',
  'codice_istat',
  'comune',
  'stato',
  'descrizione_stato',
  'fase',
  'aperta_il',
  'chiusa_il',
  'id',
];

@ApiTags('cases')
@Controller()
export class CasesExportController {
  constructor(
    private readonly cases: CasesService,
    private readonly municipalities: MunicipalityRepository,
  ) {}

  /**
   * The whole filtered list, not one page: streamed batch after batch along the same keyset
   * as GET /cases, so memory stays flat whatever the number of cases, and the client sees the
   * first rows at once.
   */
  @Get('cases.csv')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({
    summary: 'Esporta in CSV tutte le pratiche che soddisfano i filtri (stessi filtri di GET /cases; limit e cursor ignorati)',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'text/csv RFC 4180 in UTF-8 con BOM, intestazioni in italiano, in allegato; lo stato sia come identificativo (stato) sia in parole (descrizione_stato)',
  })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: CaseQueryDto, @Res() response: Response): Promise<void> {
    // The first batch before any byte is sent: a bad cursor or filter is still a 4xx problem.
    let page = await this.cases.search(principal, { ...query, limit: BATCH, cursor: undefined } as CaseQueryDto);
    const names = new Map((await this.municipalities.list()).map((m) => [m.istatCode, m.name]));
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    response.setHeader('Content-Disposition', `attachment; filename="pratiche-${new Date().toISOString().slice(0, 10)}.csv"`);
    response.setHeader('Cache-Control', 'no-store');
    const write = async (text: string) => {
      if (!response.write(text)) await once(response, 'drain');
    };
    await write(BOM + line(COLUMNS));
    for (;;) {
      let chunk = '';
      for (const c of page.items) {
        chunk += line([
          c.reference,
          c.type,
          c.title,
          c.istatCode,
          c.istatCode ? (names.get(c.istatCode) ?? null) : null,
          c.state,
          caseStateLabel(c.type, c.state).it,
          c.phase,
          c.openedAt.toISOString(),
          c.closedAt ? c.closedAt.toISOString() : null,
          c.id,
        ]);
      }
      if (chunk) await write(chunk);
      if (!page.nextCursor || response.destroyed) break;
      page = await this.cases.search(principal, { ...query, limit: BATCH, cursor: page.nextCursor } as CaseQueryDto);
    }
    response.end();
  }
}
