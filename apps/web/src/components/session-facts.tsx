import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { formatDate, formatDateTime, formatTime } from '../format/format';

type Attendance = components['schemas']['AttendanceViewDto'];

export interface SessionFactsSession {
  status: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  videoLink: string | null;
  cancelReason?: string | null;
}

/** "Seduta del 10/02/2027, dalle 09:00 alle 12:00", in Rome time whatever the browser's zone. */
export function useSessionWhen(): (session: Pick<SessionFactsSession, 'startsAt' | 'endsAt'>) => string {
  const { t } = useTranslation();
  return (session) =>
    t('convocations.when', {
      date: formatDate(new Date(session.startsAt)),
      from: formatTime(session.startsAt),
      to: formatTime(session.endsAt),
    });
}

/** The municipality's answer in words: who attends, the delegate, when it was given. */
export function AnswerText({ answer }: { answer: Attendance | null | undefined }) {
  const { t } = useTranslation();
  if (!answer) return <>—</>;
  return (
    <>
      {t(`convocations.answer.${answer.answer}`)}
      {answer.delegate ? `: ${answer.delegate.name} (${answer.delegate.role}, ${answer.delegate.email})` : ''}
      {answer.answeredAt ? ` — ${formatDateTime(answer.answeredAt)}` : ''}
      {answer.overdue && answer.answer === 'pending' ? ` — ${t('convocations.overdue')}` : ''}
    </>
  );
}

/**
 * What a convened municipality reads about one session: its state, where or the video link,
 * its own answer and the term to give it. The convocations inbox and the personal link's page
 * show the same facts the same way; `children` adds rows (the minutes).
 */
export function SessionFacts({
  session,
  answer,
  answerTerm,
  answerTestId,
  children,
}: {
  session: SessionFactsSession;
  answer: Attendance | null | undefined;
  answerTerm: { dueDate: string | null; legalSource: string } | null | undefined;
  answerTestId?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <dl className="row mb-2">
      <dt className="col-sm-3">{t('convocations.status')}</dt>
      <dd className="col-sm-9">
        {t(`convocations.sessionStatus.${session.status}`)}
        {session.cancelReason ? ` — ${session.cancelReason}` : ''}
      </dd>
      {session.place && (
        <>
          <dt className="col-sm-3">{t('convocations.place')}</dt>
          <dd className="col-sm-9">{session.place}</dd>
        </>
      )}
      {session.videoLink && (
        <>
          <dt className="col-sm-3">{t('convocations.videoLink')}</dt>
          <dd className="col-sm-9 text-break">
            <a href={session.videoLink} rel="noopener noreferrer" target="_blank">
              {session.videoLink}
              <span className="visually-hidden"> {t('convocations.newWindow')}</span>
            </a>
          </dd>
        </>
      )}
      <dt className="col-sm-3">{t('convocations.yourAnswer')}</dt>
      <dd className="col-sm-9" data-testid={answerTestId}>
        <AnswerText answer={answer} />
      </dd>
      {answerTerm?.dueDate && (
        <>
          <dt className="col-sm-3">{t('convocations.answerBy')}</dt>
          <dd className="col-sm-9">
            {formatDate(answerTerm.dueDate)} ({answerTerm.legalSource})
          </dd>
        </>
      )}
      {children}
    </dl>
  );
}
