import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { formatDateTime } from '../format/format';
import { textOf } from './action-form';

type TimelineEvent = components['schemas']['TimelineEventDto'];

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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
