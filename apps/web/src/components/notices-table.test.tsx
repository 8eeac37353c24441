import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { components } from '../api/schema';
import { renderIn } from '../test/render';
import { NoticesTable } from './notices-table';

type Notice = components['schemas']['NotificationDto'];

const notice: Notice = {
  id: 'n-1',
  idempotencyKey: 'submission-received/c-1',
  caseId: 'c-1',
  templateId: 'submission-received',
  subject: { it: 'Ricevuta la documentazione – pratica VC-2027-000001', en: 'Submission received – case VC-2027-000001' },
  channel: 'pec',
  locale: 'it',
  status: 'delivered',
  createdAt: '2027-03-02T08:00:00.000Z',
  relayedAt: '2027-03-02T08:00:01.000Z',
  deliveries: [
    {
      id: 'd-1',
      recipient: { address: 'protocollo@pec.comune.milano.it', name: 'Comune di Milano', istatCode: '015146', role: 'comune' },
      status: 'delivered',
      statusAt: '2027-03-02T08:01:00.000Z',
      attempts: 1,
      messageId: '<d-1@notifiche.test>',
      lastError: null,
      deliveredAt: '2027-03-02T08:01:00.000Z',
      receipts: [],
    },
  ],
};

describe('NoticesTable', () => {
  it('names each notice by the subject its recipients read, not by its template id', async () => {
    await renderIn('it', <NoticesTable notices={[notice]} caption="Comunicazioni inviate" />);
    const table = screen.getByRole('table', { name: 'Comunicazioni inviate' });
    expect(within(table).getByRole('rowheader').textContent).toBe('Ricevuta la documentazione – pratica VC-2027-000001');
    expect(table.textContent).not.toContain('submission-received');
  });

  it('shows the English subject on an English page', async () => {
    await renderIn('en', <NoticesTable notices={[notice]} caption="Notices sent" />);
    expect(within(screen.getByRole('table', { name: 'Notices sent' })).getByRole('rowheader').textContent).toBe(
      'Submission received – case VC-2027-000001',
    );
  });
});
