import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureApi } from '../api/client';
import type { components } from '../api/schema';
import { Announcer } from '../components/announcer';
import { renderIn } from '../test/render';
import AgreementPage from './agreement-page';

type Agreement = components['schemas']['AgreementViewDto'];

vi.mock('../auth/require-auth', () => ({ useIstatCode: () => LEGNANO }));

const CASE_ID = '4b8c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4';
const RHO = '015182';
const LEGNANO = '015118';
const DRAFT_DOCUMENT = 'a1b2c3d4-0000-4000-8000-000000000001';
const SIGNED_DOCUMENT = 'a1b2c3d4-0000-4000-8000-000000000002';
const clerk = { subject: 'comune-rho', name: 'Anna Bianchi', role: 'comune' as const };

const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  caseId: CASE_ID,
  reference: 'AT-2027-000004',
  subject: 'Polo logistico di Rho',
  state: 'awaiting-signatures',
  parentCaseId: null,
  parties: [
    {
      party: RHO,
      name: 'Comune di Rho',
      signature: {
        party: RHO,
        by: clerk,
        at: '2027-03-04T10:15:00.000Z',
        documentId: SIGNED_DOCUMENT,
        draftVersion: 2,
        signers: [
          {
            status: 'valid-untrusted',
            signer: 'Mario Rossi',
            fiscalCode: 'RSSMRA80A01F205X',
            signingTime: '2027-03-04T09:00:00.000Z',
            qualified: true,
            reason: { it: 'firma integra, ma catena di certificati non fidata', en: 'signature intact, but untrusted certificate chain' },
          },
        ],
      },
      refusal: null,
    },
    { party: LEGNANO, name: 'Comune di Legnano', signature: null, refusal: null },
  ],
  draft: {
    version: 2,
    documentIds: [DRAFT_DOCUMENT],
    note: 'Recepite le osservazioni di Legnano',
    by: 'funzionario1',
    at: '2027-03-01T09:00:00.000Z',
  },
  commitments: [
    {
      party: RHO,
      kind: 'fund-contribution',
      legalBasis: 'LR 12/2005 art. 43 c.2-bis',
      amountCents: 15_000_000,
      description: 'Quota dei contributi aggiuntivi al Fondo',
      dueDate: '2027-06-30',
    },
    {
      party: LEGNANO,
      kind: 'obligation',
      legalBasis: null,
      amountCents: null,
      description: 'Monitoraggio del traffico sulla SP 12',
      dueDate: null,
    },
    {
      party: RHO,
      kind: 'obligation',
      legalBasis: null,
      amountCents: null,
      description: 'Relazione annuale sulla viabilità',
      dueDate: '2027-12-31',
    },
  ],
  signatureTerm: {
    ruleId: 'territorial-agreement.signature',
    status: 'running',
    dueDate: '2099-03-31',
    dueAt: '2099-03-31T21:59:59.999Z',
    internalTarget: null,
    legalSource: 'NdA PTM art. 11',
  },
  signatureOverdue: false,
  refusals: [],
  rounds: 2,
  commitmentTerms: [],
  conclusion: null,
  ...over,
});

const version = (id: string, filename: string) => ({
  id,
  kind: 'agreement-draft',
  kindLabel: { it: 'Bozza di accordo', en: 'Draft agreement' },
  title: filename,
  versions: [
    {
      version: 1,
      sha256: '0'.repeat(64),
      size: 10,
      contentType: 'application/pdf',
      filename,
      uploadedAt: '2027-03-01T09:00:00.000Z',
      uploadedBy: 'x',
      protocolNumber: null,
      contentUrl: `/cases/${CASE_ID}/documents/${id}/versions/1/content`,
    },
  ],
});

const refusalEvent = {
  seq: 7,
  occurredAt: '2027-02-20T11:00:00.000Z',
  actor: { subject: 'comune-legnano', role: 'comune' },
  type: 'refuse',
  label: { it: 'Rifiuto di una parte', en: 'Refusal by a party' },
  payload: { party: LEGNANO, reasons: 'Manca la ripartizione dei costi di monitoraggio', draftVersion: 1 },
  hash: 'h',
  prevHash: 'p',
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' },
  });
}

describe('Accordo territoriale, the parties’ page', () => {
  let answer: Agreement;

  beforeEach(() => {
    answer = agreement();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const { pathname } = new URL(request.url);
        if (pathname === `/territorial-agreements/${CASE_ID}`) return json(answer);
        if (pathname === `/cases/${CASE_ID}`)
          return json({
            id: CASE_ID,
            reference: answer.reference,
            title: answer.subject,
            stateLabel: { it: 'In attesa delle firme', en: 'Awaiting signatures' },
          });
        if (pathname === `/cases/${CASE_ID}/documents`)
          return json({ items: [version(DRAFT_DOCUMENT, 'bozza-v2.pdf'), version(SIGNED_DOCUMENT, 'accordo-rho.pdf.p7m')] });
        if (pathname === `/cases/${CASE_ID}/timeline`) return json({ items: [refusalEvent] });
        if (pathname === `/cases/${CASE_ID}/actions`) return json({ items: [] });
        return json({ title: 'Not Found', status: 404 }, 404);
      }),
    );
    configureApi({
      baseUrl: 'http://api.test',
      session: { accessToken: () => 't', onUnauthorized: () => undefined, language: () => 'it' },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const renderAgreement = () =>
    renderIn(
      'it',
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={[`/comune/accordi/${CASE_ID}`]}>
          <Announcer>
            <Routes>
              <Route path="/comune/accordi/:caseId" element={<AgreementPage />} />
            </Routes>
          </Announcer>
        </MemoryRouter>
      </QueryClientProvider>,
    );

  it('lays the commitments out party by party, the reader’s municipality first, each with its signature state', async () => {
    await renderAgreement();
    const parties = within(await screen.findByRole('region', { name: 'Le parti, i loro impegni e le firme' })).getAllByRole('article');
    expect(parties.map((party) => within(party).getByRole('heading').textContent)).toEqual([
      'Comune di Legnano (il tuo Comune)',
      'Comune di Rho',
    ]);

    const [legnano, rho] = parties;
    expect(within(legnano).getByTestId(`signature-${LEGNANO}`).textContent).toBe('In attesa della firma');
    const legnanoRows = within(within(legnano).getByRole('table', { name: 'Impegni di Comune di Legnano' }))
      .getAllByRole('row')
      .slice(1);
    expect(legnanoRows.map((row) => row.textContent)).toEqual(['ObbligoMonitoraggio del traffico sulla SP 12——']);

    expect(within(rho).getByTestId(`signature-${RHO}`).textContent).toBe('Firmato — da Anna Bianchi (Comune) il 04/03/2027 11:15');
    // Who signed the file, from its certificate: the officer sees whether it was the mayor or a delegate.
    expect(within(rho).getByTestId(`signers-${RHO}`).textContent).toBe(
      'Catena non fidataFirmato da Mario Rossi (RSSMRA80A01F205X) il 04/03/2027firma integra, ma catena di certificati non fidata',
    );
    expect(within(rho).getByRole('button', { name: /^accordo-rho\.pdf\.p7m/ })).toBeTruthy();
    const rhoRows = within(within(rho).getByRole('table', { name: 'Impegni di Comune di Rho' }))
      .getAllByRole('row')
      .slice(1);
    expect(rhoRows.map((row) => row.textContent)).toEqual([
      'Contributo al Fondo perequativoLR 12/2005 art. 43 c.2-bisQuota dei contributi aggiuntivi al Fondo150.000,00\u00a0€30/06/2027',
      'ObbligoRelazione annuale sulla viabilità—31/12/2027',
    ]);
  });

  it('reads the current draft with its documents, the signature term and the refusals of earlier drafts', async () => {
    await renderAgreement();
    const draft = await screen.findByRole('region', { name: 'Bozza corrente' });
    expect(draft.textContent).toContain('2 del 01/03/2027');
    expect(draft.textContent).toContain('Recepite le osservazioni di Legnano');
    expect(within(draft).getByRole('button', { name: /^bozza-v2\.pdf/ })).toBeTruthy();

    const term = screen.getByRole('region', { name: 'Termine per la sottoscrizione' });
    expect(term.textContent).toContain('31/03/2099');
    expect(term.textContent).toContain('NdA PTM art. 11');

    const history = await screen.findByRole('table', { name: 'Rifiuti delle bozze precedenti' });
    expect(within(history).getAllByRole('row')[1].textContent).toBe(
      '1Comune di Legnano20/02/2027 12:00Manca la ripartizione dei costi di monitoraggio',
    );
  });

  it('shows a refusal of the current draft with its reasons on the party, not among the earlier ones', async () => {
    const refusal = {
      party: LEGNANO,
      by: { ...clerk, subject: 'sindaco-legnano', name: 'Luca Verdi', role: 'mayor_office' as const },
      at: '2027-03-05T08:00:00.000Z',
      reasons: 'Importi da rivedere',
      draftVersion: 2,
    };
    answer = agreement({
      state: 'renegotiation',
      parties: [agreement().parties[0], { ...agreement().parties[1], refusal }],
      refusals: [refusal],
    });
    await renderAgreement();
    const legnano = await screen.findByRole('article', { name: 'Comune di Legnano (il tuo Comune)' });
    expect(within(legnano).getByTestId(`signature-${LEGNANO}`).textContent).toBe(
      'Rifiutato — da Luca Verdi (Segreteria del Sindaco) il 05/03/2027 09:00',
    );
    expect(legnano.textContent).toContain('Importi da rivedere');
    const history = await screen.findByRole('table', { name: 'Rifiuti delle bozze precedenti' });
    expect(history.textContent).not.toContain('Importi da rivedere');
  });
});
