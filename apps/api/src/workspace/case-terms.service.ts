import { Injectable, Logger } from '@nestjs/common';
import { deadlineUuid } from '@cmm/activities';
import type { Principal } from '@cmm/auth';
import { procedureDescriptor } from '@cmm/contracts';
import { parseCivilDate, romeDayOf } from '@cmm/legal-calendar';
import { DeadlineRepository } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import { CasesService } from '../cases/cases.service';
import type { BilingualLineDto, CaseTermDto, CaseTermListDto } from './case-term.dto';
import { policyOf, workingDaysBetween } from './working-days';

/** Every DeadlineView inside a procedure's view (opinionTerm, answerTerm, sessions[].answerTerm…), by the id of its read-model row. */
const explanationsIn = (view: unknown, into = new Map<string, BilingualLineDto[]>()): Map<string, BilingualLineDto[]> => {
  if (Array.isArray(view)) for (const item of view) explanationsIn(item, into);
  else if (view && typeof view === 'object') {
    const node = view as Record<string, unknown>;
    if (typeof node.deadlineId === 'string' && Array.isArray(node.explanation))
      into.set(deadlineUuid(node.deadlineId), node.explanation as BilingualLineDto[]);
    for (const value of Object.values(node)) explanationsIn(value, into);
  }
  return into;
};

/**
 * The case page's terms: the read model's deadlines with the days left (calendar and working,
 * on the rule's legal calendar) and, while the procedure runs, the legal calendar's own
 * explanation of each, as the workflow last computed it.
 */
@Injectable()
export class CaseTermsService {
  private readonly logger = new Logger(CaseTermsService.name);

  constructor(
    private readonly cases: CasesService,
    private readonly deadlines: DeadlineRepository,
    private readonly temporal: Client,
  ) {}

  async terms(principal: Principal, caseId: string, now = Date.now()): Promise<CaseTermListDto> {
    const found = await this.cases.visibleCase(principal, caseId);
    const rows = await this.deadlines.forCase(caseId);
    let explanations = new Map<string, BilingualLineDto[]>();
    // The procedure's view, where the workflow keeps the legal calendar's explanation of each term.
    const query = procedureDescriptor(found.type)?.viewQuery;
    if (query && !found.closedAt) {
      try {
        explanations = explanationsIn(await this.temporal.workflow.getHandle(found.workflowId).query(query));
      } catch (error) {
        this.logger.warn(`terms of ${caseId}: ${(error as Error).message}`);
      }
    }
    const today = romeDayOf(now);
    const items = rows.map((row): CaseTermDto => {
      const open = row.status === 'suspended' ? [...(row.suspensions ?? [])].reverse().find((s) => s.to === null) : undefined;
      const counting = row.status === 'running' && row.dueDate !== null;
      const state = row.status === 'expired' && found.state === 'deemed-favourable' ? 'deemed-favourable' : row.status;
      return {
        id: row.id,
        ruleId: row.ruleId,
        labelIt: row.labelIt,
        labelEn: row.labelEn,
        state,
        dueDate: row.dueDate,
        dueAt: row.dueAt ? row.dueAt.toISOString() : null,
        daysLeft: counting ? parseCivilDate(row.dueDate as string) - today : null,
        workingDaysLeft: counting ? workingDaysBetween(today, row.dueDate as string, policyOf(row.ruleId)) : null,
        suspendedSince: open?.from ?? null,
        suspensions: (row.suspensions ?? []).map((s) => ({ from: s.from, to: s.to, reason: s.reason })),
        legalSource: row.legalSource,
        explanation: explanations.get(row.id) ?? [],
      };
    });
    return { items, next: null };
  }
}
