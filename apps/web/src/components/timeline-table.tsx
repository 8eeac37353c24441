import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { formatDate, formatDateTime } from '../format/format';
import { textOf } from './action-form';

type TimelineEvent = components['schemas']['TimelineEventDto'];
type Translate = ReturnType<typeof useTranslation>['t'];

// What people wrote or decided in a step, shown with it (the integration's missing items and
// note, an outcome and its reasons); ids, hashes and machine data stay in the API's payload.
const DETAIL_KEYS = ['missing', 'note', 'reason', 'reasons', 'outcome', 'prescriptions', 'answer', 'answerDueDate'] as const;

/** The human details of an event's payload, labelled as the action forms label them. */
export function eventDetails(payload: Record<string, unknown>, t: Translate): string[] {
  const lines: string[] = [];
  for (const key of DETAIL_KEYS) {
    const value = payload[key];
    if (value === undefined || value === null || value === '') continue;
    let text: string;
    if (Array.isArray(value)) text = value.filter((item) => typeof item === 'string').join('; ');
    else if (typeof value === 'string' && key === 'answerDueDate') text = formatDate(value);
    else if (typeof value === 'string' && (key === 'outcome' || key === 'answer')) text = t(`values.${value}`, { defaultValue: value });
    else if (typeof value === 'string') text = value;
    else continue;
    if (text) lines.push(`${t(`fields.${key}`)}: ${text}`);
  }
  // An upload's verified signatures (document-uploaded): "Firmato da Mario Rossi (RSSMRA80A01F205X) il 03/12/2026".
  if (Array.isArray(payload.signatures))
    for (const s of payload.signatures as Array<{
      signer?: string | null;
      fiscalCode?: string | null;
      signingTime?: string | null;
      status?: string;
    }>) {
      const who = s.signer ? (s.fiscalCode ? `${s.signer} (${s.fiscalCode})` : s.signer) : t('signatures.unknownSigner');
      const when = s.signingTime ? ` ${t('signatures.on', { date: formatDate(s.signingTime) })}` : '';
      lines.push(`${t('signatures.signedBy', { who })}${when} · ${t(`signatures.status.${s.status}`, { defaultValue: s.status })}`);
    }
  return lines;
}

/**
 * The case's events in the page's language, as the API names them by the case's procedure.
 * The engine's own steps show as "Sistema": its component ids mean nothing to a clerk.
 */
export function TimelineTable({ events, caption }: { events: readonly TimelineEvent[]; caption: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-responsive">
      <table className="table table-sm">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('case.when')}</th>
            <th scope="col">{t('case.event')}</th>
            <th scope="col">{t('case.actor')}</th>
            <th scope="col">{t('case.details')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td>{event.seq}</td>
              <td>{formatDateTime(event.occurredAt)}</td>
              <th scope="row">{textOf(event.label, i18n.language)}</th>
              <td>
                {event.actor.role === 'system'
                  ? t('roles.system')
                  : `${event.actor.subject} (${t(`roles.${event.actor.role}`, { defaultValue: event.actor.role })})`}
              </td>
              <td>
                {eventDetails(event.payload, t).map((line) => (
                  <div key={line} className="small text-break">
                    {line}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
