import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { formatDateTime } from '../format/format';
import { textOf } from './action-form';

type Notice = components['schemas']['NotificationDto'];

const FAILED = new Set(['failed', 'bounced']);

/** Each notice by its subject and, per recipient, its delivery state and PEC receipts: words first, icons never alone. */
export function NoticesTable({ notices, caption }: { notices: readonly Notice[]; caption: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-responsive">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('case.when')}</th>
            <th scope="col">{t('case.subject')}</th>
            <th scope="col">{t('case.channel')}</th>
            <th scope="col">{t('case.recipient')}</th>
            <th scope="col">{t('case.delivery')}</th>
            <th scope="col">{t('case.pecReceipt')}</th>
          </tr>
        </thead>
        <tbody>
          {notices.flatMap((notice) =>
            (notice.deliveries.length > 0 ? notice.deliveries : [null]).map((delivery, index) => (
              <tr key={`${notice.id}-${delivery?.id ?? index}`}>
                {index === 0 && (
                  <>
                    <td rowSpan={Math.max(notice.deliveries.length, 1)}>{formatDateTime(notice.createdAt)}</td>
                    <th scope="row" rowSpan={Math.max(notice.deliveries.length, 1)}>
                      {textOf(notice.subject, i18n.language)}
                    </th>
                    <td rowSpan={Math.max(notice.deliveries.length, 1)}>{notice.channel.toUpperCase()}</td>
                  </>
                )}
                {delivery ? (
                  <>
                    <td className="text-break">
                      {delivery.recipient.name ? `${delivery.recipient.name} — ` : ''}
                      {delivery.recipient.address}
                    </td>
                    <td>
                      <span className={FAILED.has(delivery.status) ? 'text-danger fw-semibold' : undefined}>
                        {t(`delivery.${delivery.status}`, { defaultValue: delivery.status })}
                      </span>
                      <div className="small">{formatDateTime(delivery.deliveredAt ?? delivery.statusAt)}</div>
                      {delivery.lastError && <div className="small">{delivery.lastError}</div>}
                    </td>
                    <td>
                      {delivery.receipts.length === 0 ? (
                        t('receipt.none')
                      ) : (
                        <ul className="list-unstyled mb-0">
                          {delivery.receipts.map((receipt) => (
                            <li key={receipt.id}>
                              {t(`receipt.${receipt.kind}`, { defaultValue: receipt.kind })} —{' '}
                              {formatDateTime(receipt.issuedAt ?? receipt.receivedAt)}
                              {receipt.error && <span> ({receipt.error})</span>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </>
                ) : (
                  <td colSpan={3}>{t(`delivery.${notice.status}`, { defaultValue: notice.status })}</td>
                )}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
