import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import { NotificationOutboxRepository, type NotificationView } from '@cmm/persistence';
import { CasesService } from '../cases/cases.service';
import { InvalidParamsException } from '../problem-details/problem.exception';

/** CMM staff without a case filter see the latest notifications of all cases. */
const RECENT_LIMIT = 100;

@Injectable()
export class NotificationsService {
  constructor(
    private readonly cases: CasesService,
    private readonly notifications: NotificationOutboxRepository,
  ) {}

  async list(principal: Principal, caseId: string | undefined): Promise<NotificationView[]> {
    if (!isMunicipal(principal)) return caseId ? this.notifications.listForCase(caseId) : this.notifications.listRecent(RECENT_LIMIT);
    if (!caseId) {
      throw new InvalidParamsException([
        {
          name: 'caseId',
          rule: 'required',
          reason: { it: 'caseId è obbligatorio per gli utenti dei Comuni', en: 'caseId is required for municipal roles' },
        },
      ]);
    }
    await this.cases.visibleCase(principal, caseId);
    // A convocation goes to several municipalities: each sees its own recipients only.
    return (await this.notifications.listForCase(caseId))
      .map((n) => ({ ...n, deliveries: n.deliveries.filter((d) => d.recipient.istatCode === principal.istatCode) }))
      .filter((n) => n.deliveries.length > 0);
  }
}
