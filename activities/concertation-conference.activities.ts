import { signAnswerLink } from '@cmm/auth';
import {
  CONCERTATION_CONFERENCE_PROCEDURE,
  type ConcertationConferenceActivities,
  type NotificationIntent,
  type TemplateId,
  answerPageUrl,
  sessionCalendar,
} from '@cmm/contracts';
import { computeRuleDeadline, getRule, romeDateOf } from '@cmm/legal-calendar';
import { type AnswerLinkRepository, nameBasedUuid, onceWithReceipt } from '@cmm/persistence';
import { type CaseEventActivityDeps, recordEventInTx } from './case-events.activities';

export interface ConcertationConferenceActivityDeps extends CaseEventActivityDeps {
  answerLinks: AnswerLinkRepository;
  /** HMAC key of the answer links (ANSWER_LINK_SECRET); the API verifies with the same key. */
  answerLinkSecret: string;
}

const NOTICE_RULE = 'concertation-conference.convocation-notice';
const TEMPLATE: Record<'convocation' | 'update' | 'cancellation', TemplateId> = {
  convocation: 'conference-convocation',
  update: 'conference-update',
  cancellation: 'conference-cancellation',
};

export const createConcertationConferenceActivities = (deps: ConcertationConferenceActivityDeps): ConcertationConferenceActivities => ({
  async registerConference(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `concertation-conference/${input.caseId}/register`, async () => {
        const year = Number(romeDateOf(input.startedAt).slice(0, 4));
        const reference = await deps.cases.nextReference(CONCERTATION_CONFERENCE_PROCEDURE.referencePrefix, year, tx);
        await deps.cases.open(
          {
            id: input.caseId,
            type: CONCERTATION_CONFERENCE_PROCEDURE.type,
            reference,
            title: `Conferenza di concertazione — ${input.subject}`,
            istatCode: input.istatCode,
            state: 'open',
            phase: null,
            workflowId: CONCERTATION_CONFERENCE_PROCEDURE.workflowId(input.caseId),
            parentCaseId: input.parentCaseId,
            businessKey: null,
            openedAt: new Date(input.startedAt),
          },
          tx,
        );
        await deps.cases.addParties(input.caseId, input.convened, 'convened', tx);
        return { reference };
      }),
    );
  },

  async checkSessionNotice({ startsAt, at }) {
    // The notice is counted backward from the session's Rome day: the convocation must leave by then.
    const { deadline } = computeRuleDeadline(NOTICE_RULE, romeDateOf(startsAt));
    const rule = getRule(NOTICE_RULE);
    return { ok: romeDateOf(at) <= deadline, latestConvocationDate: deadline, noticeDays: rule.length, legalSource: rule.source };
  },

  async recordSessionNotices({ event, notices }) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, event.idempotencyKey, async () => {
        const { session } = notices;
        const intents: NotificationIntent[] = [];
        for (const istatCode of notices.municipalities) {
          let answerUrl: string | undefined;
          if (notices.kind !== 'cancellation') {
            const jti = nameBasedUuid('cmm-conference-answer-link', `${event.caseId}/${session.id}/${session.sequence}/${istatCode}`);
            const issuedAt = new Date(notices.issuedAt);
            const expiresAt = new Date(session.endsAt);
            await deps.answerLinks.issue(
              { jti, caseId: event.caseId, sessionId: session.id, istatCode, sequence: session.sequence, issuedAt, expiresAt },
              tx,
            );
            const token = await signAnswerLink(
              deps.answerLinkSecret,
              { jti, caseId: event.caseId, sessionId: session.id, istatCode, sequence: session.sequence },
              issuedAt,
              expiresAt,
            );
            answerUrl = answerPageUrl(deps.publicUrl, token);
          }
          const attendance = session.attendance?.[istatCode];
          // After a move the answer for the old date is `previous`: the update says a new one is needed.
          const previous = notices.kind === 'update' ? attendance?.previous : null;
          const data = {
            session: {
              start: session.startsAt,
              end: session.endsAt,
              location: session.place ?? undefined,
              link: session.videoLink ?? undefined,
            },
            agenda: notices.agenda,
            conferenceSubject: notices.subject,
            answerDueDate: notices.answerDueDate ?? undefined,
            reason: notices.reason ?? undefined,
          };
          intents.push({
            key: `${notices.kind}/${session.id}/${session.sequence}/${istatCode}`,
            templateId: TEMPLATE[notices.kind],
            to: { municipalities: [istatCode] },
            channel: 'pec',
            data: {
              ...data,
              answerUrl,
              previousAnswer: previous
                ? { answer: previous.answer, delegateName: previous.delegate?.name, answeredAt: previous.answeredAt ?? undefined }
                : undefined,
            },
            calendar: sessionCalendar(event.caseId, notices),
          });
          // The delegate named for the session has it in their calendar: they get the change too, by e-mail.
          const delegate = notices.kind === 'update' ? previous?.delegate : (attendance?.delegate ?? attendance?.previous?.delegate);
          if (delegate?.email && notices.kind !== 'convocation') {
            intents.push({
              key: `delegate-${notices.kind}/${session.id}/${session.sequence}/${istatCode}`,
              templateId: TEMPLATE[notices.kind],
              to: { addresses: [{ address: delegate.email, name: delegate.name }] },
              channel: 'email',
              data: { ...data, delegateCopy: true, forIstatCode: istatCode },
              calendar: sessionCalendar(event.caseId, notices),
            });
          }
        }
        const result = await recordEventInTx(deps, tx, { ...event, notifications: [...(event.notifications ?? []), ...intents] });
        return { seq: result.seq };
      }),
    );
  },
});
