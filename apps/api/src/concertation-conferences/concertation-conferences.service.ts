import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import { TemporalConfig } from '@cmm/config';
import {
  type ConcertationConferenceInput,
  type ConcertationConferenceView,
  CONCERTATION_CONFERENCE_PROCEDURE,
  compatibilityEvaluationWorkflowId,
  concertationConferenceWorkflowId,
  convokeConferenceUpdate,
  getConferenceQuery,
  getEvaluationQuery,
} from '@cmm/contracts';
import type { Actor, SessionPlan } from '@cmm/domain';
import { computeRuleDeadline, formatItalianDate, getRule, romeDateOf } from '@cmm/legal-calendar';
import { CaseRepository, MunicipalityRepository, NotificationOutboxRepository } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { CitedDocumentsService } from '../documents/cited-documents.service';
import { ProcedureViewsService } from '../procedures/procedure-views.service';
import { CasesService } from '../cases/cases.service';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import { idempotentCaseId } from '../procedures/idempotency-key';
import { runAction, startOnce, toActor } from '../procedures/procedure-workflows';
import type { SessionPlanDto, StartConferenceDto } from './concertation-conference.dto';

const NOTICE_RULE = 'concertation-conference.convocation-notice';

export interface ConferenceNotice {
  templateId: string;
  sessionId: string | null;
  sequence: number | null;
  channel: 'email' | 'pec';
  status: string;
  createdAt: Date;
  deliveredAt: Date | null;
}

export type ConferenceViewWithNotices = ConcertationConferenceView & { notices: { istatCode: string; notices: ConferenceNotice[] }[] };

export const sessionPlan = (dto: SessionPlanDto): SessionPlan => ({
  startsAt: new Date(dto.startsAt).toISOString(),
  endsAt: new Date(dto.endsAt).toISOString(),
  place: dto.place ?? null,
  videoLink: dto.videoLink ?? null,
});

@Injectable()
export class ConcertationConferencesService {
  constructor(
    private readonly temporal: Client,
    private readonly temporalConfig: TemporalConfig,
    private readonly cases: CaseRepository,
    private readonly casesService: CasesService,
    private readonly municipalities: MunicipalityRepository,
    private readonly notifications: NotificationOutboxRepository,
    private readonly citedDocuments: CitedDocumentsService,
    private readonly views: ProcedureViewsService,
  ) {}

  /**
   * Convenes a conference: as the child of a compatibility evaluation (through its workflow, which
   * owns the relation) or on its own. Answers once the case is registered, with its reference, and
   * whether this request convened it: repeated with its Idempotency-Key, a request meets the
   * conference the first one convened (on its own: the key names the case; as a child: the key is
   * the parent's Update).
   */
  async start(principal: Principal, dto: StartConferenceDto): Promise<ConferenceViewWithNotices & { created: boolean }> {
    const firstSession = sessionPlan(dto.firstSession);
    this.checkSessionPlan(firstSession, 'firstSession');
    if (dto.parentCaseId) return { ...(await this.startAsChild(principal, dto, firstSession)), created: true };
    const convened = await this.checkMunicipalities(dto.municipalities, 'municipalities');
    const caseId = idempotentCaseId('cmm-concertation-conference', principal.subject);
    const input: ConcertationConferenceInput = {
      caseId,
      parentCaseId: null,
      notifyWorkflowId: null,
      istatCode: null,
      subject: dto.subject,
      agenda: dto.agenda,
      convened,
      firstSession,
      startedBy: toActor(principal),
      startedAt: new Date().toISOString(),
    };
    const created = await startOnce(this.temporal, CONCERTATION_CONFERENCE_PROCEDURE.workflowType, {
      workflowId: concertationConferenceWorkflowId(caseId),
      taskQueue: this.temporalConfig.TEMPORAL_TASK_QUEUE,
      args: [input],
    });
    return { ...(await this.registered(caseId)), created };
  }

  private async startAsChild(principal: Principal, dto: StartConferenceDto, firstSession: SessionPlan): Promise<ConferenceViewWithNotices> {
    const parentId = dto.parentCaseId as string;
    const parent = await this.casesService.visibleCase(principal, parentId);
    if (parent.type !== 'compatibility-evaluation') {
      throw new InvalidParamsException(
        [
          {
            name: 'parentCaseId',
            rule: 'compatibilityEvaluation',
            reason: {
              it: 'la conferenza si convoca solo da una valutazione di compatibilità',
              en: 'only a compatibility evaluation convenes a conference',
            },
          },
        ],
        422,
      );
    }
    const handle = this.temporal.workflow.getHandle(compatibilityEvaluationWorkflowId(parentId));
    let proposed = dto.municipalities;
    if (!proposed) {
      // The proposing municipality and those its diffusion balance names as affected.
      const evaluation = await handle.query(getEvaluationQuery);
      proposed = [...new Set([parent.istatCode as string, ...evaluation.affectedMunicipalities])];
    }
    const convened = await this.checkMunicipalities(proposed, 'municipalities');
    const view = await runAction(
      handle,
      (updateId) =>
        handle.executeUpdate(convokeConferenceUpdate, {
          args: [{ actor: toActor(principal), subject: dto.subject, agenda: dto.agenda, convened, firstSession }],
          updateId,
        }),
      () => this.closedState(parentId),
      `${convokeConferenceUpdate.name}/${principal.subject}`,
    );
    return this.registered(view.conference?.caseId as string);
  }

  async view(principal: Principal, caseId: string): Promise<ConferenceViewWithNotices> {
    await this.visible(principal, caseId);
    return this.withNotices(await this.views.view(caseId, concertationConferenceWorkflowId(caseId), getConferenceQuery));
  }

  /** Sends an action to the conference's workflow; refusals become 403/409/422 problem details. */
  async act<A extends object>(
    principal: Principal,
    caseId: string,
    update: UpdateDefinition<ConcertationConferenceView, [A & { actor: Actor }]>,
    args: A,
  ): Promise<ConferenceViewWithNotices> {
    await this.visible(principal, caseId);
    await this.citedDocuments.check(principal, caseId, update.name, args);
    const handle = this.temporal.workflow.getHandle(concertationConferenceWorkflowId(caseId));
    const view = await runAction(
      handle,
      (updateId) => handle.executeUpdate(update, { args: [{ ...args, actor: toActor(principal) }], updateId }),
      () => this.closedState(caseId),
      `${update.name}/${principal.subject}`,
    );
    return this.withNotices(await this.views.withRecordedTerms(caseId, view));
  }

  /** The municipality a user answers for: its own, or the one an officer names. */
  speakingFor(principal: Principal, istatCode: string | undefined): string {
    if (isMunicipal(principal)) {
      if (istatCode && istatCode !== principal.istatCode)
        throw new ProblemException(403, {
          it: `un utente del Comune ${principal.istatCode} risponde solo per il proprio Comune`,
          en: `a user of ${principal.istatCode} answers only for its own municipality`,
        });
      return principal.istatCode as string;
    }
    if (!istatCode)
      throw new InvalidParamsException(
        [
          {
            name: 'istatCode',
            rule: 'required',
            reason: { it: 'indicare il Comune per cui si risponde', en: 'name the municipality you answer for' },
          },
        ],
        422,
      );
    return istatCode;
  }

  /** The rulebook's convocation notice, checked before the workflow is asked (it checks again). */
  checkSessionPlan(plan: SessionPlan, field: string): void {
    const now = Date.now();
    if (Date.parse(plan.endsAt) <= Date.parse(plan.startsAt)) {
      throw new InvalidParamsException(
        [
          {
            name: `${field}.endsAt`,
            rule: 'afterStart',
            reason: { it: 'la seduta deve terminare dopo il suo inizio', en: 'the session must end after it starts' },
          },
        ],
        422,
      );
    }
    if (!plan.place && !plan.videoLink) {
      throw new InvalidParamsException(
        [
          {
            name: `${field}.place`,
            rule: 'placeOrLink',
            reason: { it: 'indicare il luogo, il collegamento video o entrambi', en: 'give a place, a video link or both' },
          },
        ],
        422,
      );
    }
    const { deadline } = computeRuleDeadline(NOTICE_RULE, romeDateOf(Date.parse(plan.startsAt)));
    if (romeDateOf(now) > deadline) {
      const rule = getRule(NOTICE_RULE);
      throw new InvalidParamsException(
        [
          {
            name: `${field}.startsAt`,
            rule: 'convocationNotice',
            reason: {
              it: `una seduta del ${formatItalianDate(romeDateOf(Date.parse(plan.startsAt)))} andava convocata entro il ${formatItalianDate(deadline)}: preavviso di almeno ${rule.length} giorni (${rule.source})`,
              en: `a session on ${romeDateOf(Date.parse(plan.startsAt))} had to be convened by ${deadline}: at least ${rule.length} days' notice (${rule.source})`,
            },
          },
        ],
        422,
      );
    }
  }

  private async checkMunicipalities(codes: string[] | undefined, field: string): Promise<string[]> {
    if (!codes || codes.length < 2)
      throw new InvalidParamsException(
        [{ name: field, rule: 'minItems', reason: { it: 'convocare almeno due Comuni', en: 'convene at least two municipalities' } }],
        422,
      );
    const problems = [];
    const seen = new Set<string>();
    for (const [i, code] of codes.entries()) {
      if (seen.has(code))
        problems.push({
          name: `${field}.${i}`,
          rule: 'unique',
          reason: { it: `${code} è indicato due volte`, en: `${code} is listed twice` },
        });
      seen.add(code);
      const municipality = await this.municipalities.findByIstatCode(code);
      if (!municipality) {
        problems.push({
          name: `${field}.${i}`,
          rule: 'cmmMunicipality',
          reason: {
            it: `${code} non è un Comune della Città metropolitana di Milano`,
            en: `${code} is not a municipality of the Città metropolitana di Milano`,
          },
        });
      } else if (!municipality.pec) {
        // The convocation is a PEC to the municipality: without an address it would reach no one.
        problems.push({
          name: `${field}.${i}`,
          rule: 'pecOnFile',
          reason: {
            it: `nessuna PEC registrata per il Comune di ${municipality.name}: un amministratore la registra con PUT /municipalities/${code}/contacts`,
            en: `no PEC on file for the Comune di ${municipality.name}: an administrator records it with PUT /municipalities/${code}/contacts`,
          },
        });
      }
    }
    if (problems.length > 0) throw new InvalidParamsException(problems, 422);
    return codes;
  }

  /** The workflow registers the case first thing; the client gets the reference with the answer. */
  private async registered(caseId: string): Promise<ConferenceViewWithNotices> {
    const handle = this.temporal.workflow.getHandle(concertationConferenceWorkflowId(caseId));
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const view = await handle.query(getConferenceQuery);
        if (view.reference && view.sessions.length > 0) return this.withNotices(view);
      } catch {
        // Not started on a worker yet: the first workflow task has not run.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new ProblemException(
      503,
      {
        it: 'la conferenza è stata avviata ma non è ancora registrata: riprovare a breve con GET /concertation-conferences/{caseId}',
        en: 'the conference was started but is not registered yet: try GET /concertation-conferences/{caseId} shortly',
      },
      { caseId },
    );
  }

  /** Who was sent what, and when each PEC was delivered: from the notification outbox. */
  private async withNotices(view: ConcertationConferenceView): Promise<ConferenceViewWithNotices> {
    const byMunicipality = new Map<string, ConferenceNotice[]>(view.convened.map((code) => [code, []]));
    for (const notification of await this.notifications.listForCase(view.caseId)) {
      // Invitation keys: <caseId>/<kind>/<sessionId>/<sequence>/<istatCode>.
      const [, kind, sessionId, sequence] = notification.idempotencyKey.split('/');
      const isInvitation = ['convocation', 'update', 'cancellation'].includes(kind);
      for (const delivery of notification.deliveries) {
        const list = delivery.recipient.istatCode ? byMunicipality.get(delivery.recipient.istatCode) : undefined;
        list?.push({
          templateId: notification.templateId,
          sessionId: isInvitation ? sessionId : null,
          sequence: isInvitation ? Number(sequence) : null,
          channel: notification.channel,
          status: delivery.status,
          createdAt: notification.createdAt,
          deliveredAt: delivery.deliveredAt,
        });
      }
    }
    return { ...view, notices: [...byMunicipality].map(([istatCode, notices]) => ({ istatCode, notices })) };
  }

  private async visible(principal: Principal, caseId: string) {
    const found = await this.casesService.visibleCase(principal, caseId);
    if (found.type !== 'concertation-conference')
      throw new ProblemException(404, {
        it: `la pratica ${caseId} non è una conferenza di concertazione`,
        en: `case ${caseId} is not a concertation conference`,
      });
    return found;
  }

  private async closedState(caseId: string): Promise<string | null> {
    const found = await this.cases.findVisible(null, caseId);
    return found?.closedAt ? found.state : null;
  }
}
