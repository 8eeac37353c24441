import { Injectable } from '@nestjs/common';
import type { Principal } from '@cmm/auth';
import { type ChainVerification, type TimelineEventEntity, TimelineRepository } from '@cmm/persistence';
import { CasesService } from '../cases/cases.service';

@Injectable()
export class TimelineService {
  constructor(
    private readonly cases: CasesService,
    private readonly timeline: TimelineRepository,
  ) {}

  /** Only through the case's visibility: another municipality's case is 404. The procedure names the events. */
  async events(principal: Principal, caseId: string): Promise<{ procedure: string; events: TimelineEventEntity[] }> {
    const found = await this.cases.visibleCase(principal, caseId);
    return { procedure: found.type, events: await this.timeline.list(caseId) };
  }

  async verify(principal: Principal, caseId: string): Promise<ChainVerification> {
    await this.cases.visibleCase(principal, caseId);
    return this.timeline.verify(caseId);
  }
}
