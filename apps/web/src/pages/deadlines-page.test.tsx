import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureApi } from '../api/client';
import { Announcer } from '../components/announcer';
import { renderIn } from '../test/render';
import DeadlinesPage from './deadlines-page';

const row = {
  id: 'd-1',
  caseId: 'c-1',
  caseReference: 'VC-2026-000042',
  caseTitle: 'Variante al PGT',
  procedure: 'compatibility-evaluation',
  caseState: 'integration-requested',
  caseStateLabel: { it: 'Integrazioni richieste', en: 'Additional documents requested' },
  istatCode: '015146',
  municipalityName: 'Milano',
  ruleId: 'compatibility-evaluation.opinion',
  labelIt: 'Parere di compatibilità al PTM',
  labelEn: 'PTM compatibility opinion',
  dueDate: '2027-04-01',
  dueAt: '2027-04-01T21:59:59.999Z',
  state: 'suspended',
  suspendedSince: '2027-02-01',
  suspensionReason: 'Richiesta di integrazioni',
  daysLeft: null,
  workingDaysLeft: null,
  legalSource: 'LR 12/2005 art. 13 c.5',
};

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

function Location() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

describe('Scadenze', () => {
  let requests: string[];
  beforeEach(() => {
    requests = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        requests.push(request.url);
        const url = new URL(request.url);
        if (url.pathname === '/workspace/deadlines') return json({ items: [row], next: null });
        if (url.pathname === '/me/saved-filters') return json({ items: [], next: null });
        if (url.pathname === '/municipalities')
          return json([{ istatCode: '015146', name: 'Milano', zone: null, pec: null, mayorOfficeEmail: null }]);
        return new Response('{}', { status: 404, headers: { 'content-type': 'application/problem+json' } });
      }),
    );
    configureApi({
      baseUrl: 'http://api.test',
      session: { accessToken: () => 't', onUnauthorized: () => undefined, language: () => 'it' },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const renderAt = (url: string) =>
    renderIn(
      'it',
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={[url]}>
          <Announcer>
            <Routes>
              <Route path="/" element={<DeadlinesPage />} />
            </Routes>
            <Location />
          </Announcer>
        </MemoryRouter>
      </QueryClientProvider>,
    );

  it('asks the API with the filters of the URL and shows them in the form', async () => {
    await renderAt('/?overdue=true&dueWithinDays=30&procedure=sttm-approval&istat=015146');
    await waitFor(() => expect(requests.some((r) => r.includes('/workspace/deadlines'))).toBe(true));
    const asked = new URL(requests.find((r) => r.includes('/workspace/deadlines')) as string);
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      overdue: 'true',
      dueWithinDays: '30',
      procedure: 'sttm-approval',
      istat: '015146',
    });
    expect((screen.getByLabelText('Solo scaduti') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('In scadenza entro (giorni)') as HTMLInputElement).value).toBe('30');
  });

  it('shows a suspended term with its date and reason in words, in a captioned table with header cells', async () => {
    await renderAt('/');
    const table = await screen.findByRole('table', { name: 'Termini in scadenza, ordinati per data' });
    const cells = within(table).getAllByRole('row')[1];
    expect(within(cells).getByRole('rowheader').textContent).toBe('VC-2026-000042');
    expect(cells.textContent).toContain('Sospeso dal 01/02/2027');
    expect(cells.textContent).toContain('Richiesta di integrazioni');
    expect(cells.textContent).toContain('01/04/2027');
    // The case's state as the API words it, never its id.
    expect(cells.textContent).toContain('Stato della pratica: Integrazioni richieste');
    expect(cells.textContent).not.toContain('integration-requested');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.getAttribute('scope')),
    ).toEqual(Array(8).fill('col'));
  });

  it('puts the applied filters in the URL', async () => {
    await renderAt('/');
    await screen.findByRole('table');
    fireEvent.click(screen.getByLabelText('Solo scaduti'));
    fireEvent.change(screen.getByLabelText('In scadenza entro (giorni)'), { target: { value: '15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Applica filtri' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/?overdue=true&dueWithinDays=15'));
  });
});
