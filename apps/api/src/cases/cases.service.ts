import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import { CaseRepository, type CaseEntity, DeadlineRepository, InvalidCursorError, type MunicipalityScope } from '@cmm/persistence';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import type { CaseQueryDto, DeadlineQueryDto } from './case.dto';

export const scopeOf = (principal: Principal): MunicipalityScope => (isMunicipal(principal) ? principal.istatCode : null);

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineRepository,
  ) {}

  /**
   * The one door to a case: another municipality's case is "not found", never "forbidden",
   * so its existence is not disclosed either.
   */
  async visibleCase(principal: Principal, caseId: string): Promise<CaseEntity> {
    const found = await this.cases.findVisible(scopeOf(principal), caseId);
    if (!found) throw new ProblemException(404, { it: `pratica ${caseId} non trovata`, en: `case ${caseId} not found` });
    return found;
  }

  /** The case and its deadlines, in one query; the same 404 as visibleCase. */
  async visibleCaseWithDeadlines(principal: Principal, caseId: string) {
    const detail = await this.cases.findVisibleWithDeadlines(scopeOf(principal), caseId);
    if (!detail) throw new ProblemException(404, { it: `pratica ${caseId} non trovata`, en: `case ${caseId} not found` });
    return detail;
  }

  async search(principal: Principal, query: CaseQueryDto) {
    try {
      return await this.cases.search(
        scopeOf(principal),
        {
          type: query.type,
          state: query.state,
          istatCode: query.istat,
          overdue: query.overdue,
          dueWithinDays: query.dueWithinDays,
          text: query.q,
        },
        query.limit,
        query.cursor,
      );
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new InvalidParamsException([
          { name: 'cursor', rule: 'issuedCursor', reason: { it: 'il cursore non è stato emesso da questa API', en: error.message } },
        ]);
      }
      throw error;
    }
  }

  nearestDeadlines(principal: Principal, query: DeadlineQueryDto) {
    return this.deadlines.nearest({
      scope: scopeOf(principal),
      dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
      status: query.status,
      limit: 50,
    });
  }
}
