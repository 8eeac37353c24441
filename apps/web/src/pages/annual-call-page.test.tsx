import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureApi } from '../api/client';
import type { components } from '../api/schema';
import { Announcer } from '../components/announcer';
import { descriptionOf, renderIn } from '../test/render';
import AnnualCallPage from './annual-call-page';

type Call = components['schemas']['CallViewDto'];

const CASE_ID = '7a1c2b9e-5d1e-4f7a-9c51-0b2f3c4d5e6f';
const label = (it: string, en: string) => ({ it, en });
const proposal = (over: Partial<Call['proposals'][number]>): Call['proposals'][number] => ({
  id: 'P-1',
  kind: 'building-regeneration',
  title: 'Rigenerazione della ex caserma',
  description: 'Servizi di quartiere',
  costCents: 2_500_000_00,
  cofinancingCents: 500_000_00,
  location: "Piazza d'Armi",
  sttm: [1, 2],
  documentCount: 1,
  istatCode: '015146',
  municipality: 'Milano',
  sequence: 1,
  protocolNumber: '2027/0000013',
  submittedAt: '2027-03-02T09:00:00.000Z',
  adheringSttm: [1, 2],
  documentIds: ['d-1'],
  eligibility: null,
  scores: null,
  scoredBy: null,
  amendments: [],
  ...over,
});
const term = (dueAt: string): NonNullable<Call['submissionWindow']> => ({
  deadlineId: `${CASE_ID}/submission-window`,
  ruleId: 'annual-call.submission-window',
  status: 'running',
  dueDate: dueAt.slice(0, 10),
  dueAt,
  internalTarget: null,
  legalSource: 'NdA PTM art. 14 (termine non indicato dalla norma)',
  explanation: [],
  limits: { suspensions: 0, interruptions: 0 },
  next: null,
});
const call = (over: Partial<Call>): Call => ({
  caseId: CASE_ID,
  reference: 'AA-2027-000001',
  year: 2027,
  state: 'open',
  duplicateOf: null,
  criteria: {
    version: '2026.1',
    source: 'NdA PTM art. 14',
    scale: 10,
    criteria: [
      { id: 'sttm-1', label: label('Coerenza con la STTM 1', 'Coherence with STTM 1'), weight: 60, source: 'NdA PTM art. 14' },
      { id: 'art-19', label: label("Coerenza con l'art. 19 NdA", 'Coherence with NdA art. 19'), weight: 40, source: 'NdA PTM art. 19' },
    ],
    tieBreak: [
      { id: 'cofinancing-share', label: label('quota di cofinanziamento più alta', 'higher co-financing share') },
      { id: 'protocol-order', label: label('ordine di arrivo al protocollo', 'order of arrival at the protocol registry') },
    ],
  },
  noticeDocumentId: 'd-notice',
  noticeProtocolNumber: '2027/0000012',
  publishedAt: '2027-03-01T08:00:00.000Z',
  submissionWindow: term('2099-04-30T22:00:00.000Z'),
  publicationTerms: [],
  proposals: [proposal({})],
  ranking: null,
  rankingDocumentId: null,
  rankingProtocolNumber: null,
  outcome: null,
  ...over,
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' },
  });
}

describe('Avviso annuale, municipality side', () => {
  let answer: Call;
  let sent: { method: string; path: string; body: unknown }[];
  let refusal: { status: number; body: unknown } | null;

  beforeEach(() => {
    sent = [];
    refusal = null;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const { pathname } = new URL(request.url);
        if (request.method !== 'GET') {
          sent.push({ method: request.method, path: pathname, body: await request.json() });
          return refusal ? json(refusal.body, refusal.status) : json(answer);
        }
        if (pathname === `/annual-calls/${CASE_ID}`) return json(answer);
        if (pathname === `/cases/${CASE_ID}/documents`) return json({ items: [] });
        if (pathname === `/annual-calls/${CASE_ID}/ranking`) {
          return json({
            caseId: CASE_ID,
            year: 2027,
            ranking: answer.ranking ?? [],
            tieBreak: answer.criteria.tieBreak,
            documentId: 'd-ranking',
            protocolNumber: '2027/0000099',
          });
        }
        return json({ title: 'Not Found', status: 404 }, 404);
      }),
    );
    configureApi({
      baseUrl: 'http://api.test',
      session: { accessToken: () => 't', onUnauthorized: () => undefined, language: () => 'it' },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const renderCall = (language: 'it' | 'en' = 'it') =>
    renderIn(
      language,
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={[`/comune/avviso-annuale/${CASE_ID}`]}>
          <Announcer>
            <Routes>
              <Route path="/comune/avviso-annuale/:caseId" element={<AnnualCallPage />} />
            </Routes>
          </Announcer>
        </MemoryRouter>
      </QueryClientProvider>,
    );

  it('reads the criteria in words with their weights, the last day with its legal source, and the tie rules in order', async () => {
    answer = call({});
    await renderCall();
    const criteria = await screen.findByRole('table', { name: "Criteri e pesi fissati all'apertura dell'avviso" });
    expect(
      within(criteria)
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.textContent),
    ).toEqual(['Coerenza con la STTM 160%NdA PTM art. 14', "Coerenza con l'art. 19 NdA40%NdA PTM art. 19"]);
    const window = screen.getByRole('region', { name: 'Termine per le proposte' });
    expect(window.textContent).toContain('30/04/2099');
    expect(window.textContent).toContain('NdA PTM art. 14 (termine non indicato dalla norma)');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(
      expect.arrayContaining(['quota di cofinanziamento più alta', 'ordine di arrivo al protocollo']),
    );
  });

  it('corrects a proposal in euro, sends cents, and shows a refusal next to the field it names', async () => {
    answer = call({});
    await renderCall();
    fireEvent.click(await screen.findByRole('button', { name: 'Correggi la proposta P-1' }));
    const form = screen.getByRole('form', { name: 'Correggi la proposta P-1' });
    const cost = within(form).getByLabelText(/Costo dell'intervento/);
    expect((cost as HTMLInputElement).value).toBe('2.500.000,00');
    fireEvent.change(cost, { target: { value: '1.234,5' } });
    fireEvent.change(within(form).getByLabelText(/Cofinanziamento del Comune/), { target: { value: '12,345' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Invia la correzione' }));
    const cofinancing = within(form).getByLabelText(/Cofinanziamento del Comune/);
    expect(descriptionOf(cofinancing)).toContain('al più due decimali');
    expect(sent).toEqual([]);

    fireEvent.change(cofinancing, { target: { value: '2.000' } });
    refusal = {
      status: 422,
      body: { title: 'Unprocessable Entity', status: 422, detail: 'cofinancingCents: il cofinanziamento non può superare il costo' },
    };
    fireEvent.click(within(form).getByRole('button', { name: 'Invia la correzione' }));
    await waitFor(() =>
      expect(descriptionOf(within(form).getByLabelText(/Cofinanziamento del Comune/))).toContain(
        'il cofinanziamento non può superare il costo',
      ),
    );
    expect(sent).toEqual([
      {
        method: 'PUT',
        path: `/annual-calls/${CASE_ID}/proposals/P-1`,
        body: expect.objectContaining({
          costCents: 123_450,
          cofinancingCents: 200_000,
          sttm: [1, 2],
          kind: 'building-regeneration',
          uploadIds: [],
        }),
      },
    ]);
    expect(document.activeElement).toBe(within(form).getByLabelText(/Cofinanziamento del Comune/));
  });

  it('after the evaluation shows the eligibility with its reasons and the ranking with the rule that broke each tie', async () => {
    answer = call({
      state: 'ranking-published',
      submissionWindow: term('2027-04-30T22:00:00.000Z'),
      proposals: [
        proposal({ eligibility: { eligible: true, reasons: 'Requisiti presenti', by: 'o' } }),
        proposal({ id: 'P-3', title: 'Pista ciclabile', eligibility: { eligible: false, reasons: 'Manca il cronoprogramma', by: 'o' } }),
      ],
      ranking: [
        {
          position: 1,
          proposalId: 'P-2',
          istatCode: '015182',
          municipality: 'Rho',
          title: 'Polo logistico',
          weightedPoints: 650,
          score: 65,
          tieBrokenBy: null,
        },
        {
          position: 2,
          proposalId: 'P-1',
          istatCode: '015146',
          municipality: 'Milano',
          title: 'Rigenerazione della ex caserma',
          weightedPoints: 650,
          score: 65,
          tieBrokenBy: 'cofinancing-share',
        },
      ],
    });
    await renderCall('en');
    expect(await screen.findByText('The submission window is closed: proposals can no longer be submitted or corrected.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Correct proposal/ })).toBeNull();
    expect(screen.getByTestId('eligibility-P-1').textContent).toBe('Eligible');
    expect(screen.getByTestId('eligibility-P-3').textContent).toBe('Not eligible');
    expect(screen.getByRole('article', { name: 'P-3 — Pista ciclabile' }).textContent).toContain('Manca il cronoprogramma');
    const ranking = await screen.findByRole('table', { name: 'Approved ranking of the 2027 call, with the rule that settled each tie' });
    expect(
      within(ranking)
        .getAllByRole('row')
        .slice(1)
        .map((row) => [...row.children].map((cell) => cell.textContent)),
    ).toEqual([
      ['1', 'Rho', 'P-2 — Polo logistico', '65', '—'],
      ['2', 'Milano', 'P-1 — Rigenerazione della ex caserma', '65', 'higher co-financing share'],
    ]);
    expect(screen.getByRole('region', { name: 'Ranking' }).textContent).toContain('2027/0000099');
  });
});
