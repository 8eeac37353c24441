import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { AuthContext, type AuthContextProps } from 'react-oidc-context';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureApi } from '../api/client';
import { ApiProblem } from '../api/problem';
import { Announcer } from '../components/announcer';
import { type EvaluationDraft, draftKey, emptyDraft, submissionOf } from '../components/evaluation-draft';
import { uploadFailureMessage } from '../components/submission-documents';
import i18next from '../i18n/i18n';
import { descriptionOf, renderIn } from '../test/render';
import EvaluationWizardPage from './evaluation-wizard-page';

const CASE_ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const SUBJECT = 'rho-clerk';
const file = (uploadId: string, filename: string, sizeBytes = 2048) => ({ uploadId, filename, sizeBytes, title: filename });

const complete: EvaluationDraft = {
  ...emptyDraft(),
  step: 4,
  actType: 'variante-pgt',
  deliberationNumber: '45',
  deliberationDate: '2026-10-30',
  description: 'Variante al PGT per lo scalo ferroviario',
  relevance: 'yes',
  affectedMunicipalities: ['015146'],
  adhesion: 'none',
  documents: {
    adoptedAct: file('11111111-1111-4111-8111-111111111111', 'delibera.pdf'),
    diffusionBalance: file('22222222-2222-4222-8222-222222222222', 'bilancio.pdf'),
    attachments: [file('44444444-4444-4444-8444-444444444444', 'relazione.pdf', 20 * 1024 * 1024)],
  },
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
  });
}

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

describe('the municipality submission wizard', () => {
  let posted: unknown[];
  let submitAnswer: () => Response;
  let receiptCreated: boolean;

  beforeEach(() => {
    posted = [];
    receiptCreated = true;
    submitAnswer = () =>
      json(
        {
          caseId: CASE_ID,
          reference: 'VC-2026-000007',
          protocolNumber: '2026/0000042',
          receivedAt: '2026-12-02T09:15:00.000Z',
          created: receiptCreated,
        },
        201,
      );
    window.sessionStorage.clear();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        if (url.pathname === '/municipalities') {
          return json({
            items: [
              { istatCode: '015146', name: 'Milano', zone: null, pec: null, mayorOfficeEmail: null },
              { istatCode: '015182', name: 'Rho', zone: null, pec: null, mayorOfficeEmail: null },
            ],
          });
        }
        if (url.pathname === '/compatibility-evaluations' && request.method === 'POST') {
          posted.push(await request.json());
          return submitAnswer();
        }
        if (url.pathname === `/cases/${CASE_ID}`) {
          return json({
            id: CASE_ID,
            type: 'compatibility-evaluation',
            reference: 'VC-2026-000007',
            title: 'Variante al PGT — Comune di Rho',
            istatCode: '015182',
            state: 'received',
            phase: null,
            parentCaseId: null,
            openedAt: '2026-12-02T09:15:00.000Z',
            closedAt: null,
            updatedAt: '2026-12-02T09:15:00.000Z',
            deadlines: [],
          });
        }
        if (url.pathname === `/cases/${CASE_ID}/timeline`) {
          return json({
            items: [
              {
                seq: 1,
                type: 'submission-received',
                occurredAt: '2026-12-02T09:15:00.000Z',
                actor: { subject: SUBJECT, role: 'comune' },
                payload: {
                  protocolNumber: '2026/0000042',
                  files: [{ kind: 'adopted-act', title: 'Atto adottato', filename: 'delibera.pdf', sha256: 'ab'.repeat(32) }],
                },
                hash: '0',
                prevHash: '0',
              },
            ],
          });
        }
        if (url.pathname === `/cases/${CASE_ID}/terms`) {
          return json({
            items: [
              {
                id: 't1',
                ruleId: 'compatibility-evaluation.opinion',
                labelIt: 'Parere di compatibilità al PTM',
                labelEn: 'PTM compatibility opinion',
                state: 'running',
                dueDate: '2027-04-01',
                dueAt: null,
                daysLeft: 120,
                workingDaysLeft: 80,
                suspendedSince: null,
                suspensions: [],
                legalSource: 'LR 12/2005 art. 13 c.5',
                explanation: [{ it: 'Termine di 120 giorni dal 2026-12-02', en: 'Term of 120 days from 2026-12-02' }],
              },
            ],
            next: null,
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

  const renderWizard = (saved?: EvaluationDraft) => {
    if (saved) window.sessionStorage.setItem(draftKey(SUBJECT), JSON.stringify(saved));
    const auth = {
      isLoading: false,
      isAuthenticated: true,
      events: {},
      user: { access_token: 't', profile: { sub: SUBJECT, role: 'comune', istat: '015182' } },
    };
    return renderIn(
      'it',
      <AuthContext.Provider value={auth as unknown as AuthContextProps}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <MemoryRouter initialEntries={['/comune/nuova-valutazione']}>
            <Announcer>
              <Routes>
                <Route path="/comune/nuova-valutazione" element={<EvaluationWizardPage />} />
                <Route path="/comune/nuova-valutazione/ricevuta/:caseId" element={<EvaluationWizardPage />} />
              </Routes>
              <Location />
            </Announcer>
          </MemoryRouter>
        </QueryClientProvider>
      </AuthContext.Provider>,
    );
  };

  const stepHeading = () => screen.getByRole('heading', { level: 2 });

  it('refuses to leave step 1 with empty answers: errors next to the fields, the first one focused', async () => {
    await renderWizard();
    expect(stepHeading().textContent).toBe('Passo 1 di 5Atto adottato');
    fireEvent.click(screen.getByRole('button', { name: 'Avanti' }));
    const actType = screen.getByLabelText(/Tipo di atto/);
    await waitFor(() => expect(document.activeElement).toBe(actType));
    expect(actType.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(actType)).toBe('Scegli il tipo di atto.');
    expect(descriptionOf(screen.getByLabelText(/Numero della delibera/))).toBe('Ad esempio 45 oppure 45/2026. Campo obbligatorio.');
    expect(stepHeading().textContent).toContain('Passo 1 di 5');
  });

  it('moves focus to the heading of the next step, which says where the user is in words', async () => {
    await renderWizard();
    fireEvent.change(screen.getByLabelText(/Tipo di atto/), { target: { value: 'suap' } });
    fireEvent.change(screen.getByLabelText(/Numero della delibera/), { target: { value: '12/2026' } });
    fireEvent.change(screen.getByLabelText(/Data della delibera/), { target: { value: '2026-11-03' } });
    fireEvent.change(screen.getByLabelText(/Descrizione/), { target: { value: 'SUAP in variante' } });
    fireEvent.click(screen.getByRole('button', { name: 'Avanti' }));
    await waitFor(() => expect(stepHeading().textContent).toBe('Passo 2 di 5Rilevanza e adesione'));
    expect(document.activeElement).toBe(stepHeading());
    // The answers are saved for a reload, under this user's key.
    expect(JSON.parse(window.sessionStorage.getItem(draftKey(SUBJECT)) ?? '{}')).toMatchObject({
      step: 2,
      actType: 'suap',
      deliberationNumber: '12/2026',
    });
  });

  it('restores a half-filled submission from sessionStorage: answers, step and the documents already uploaded', async () => {
    await renderWizard({ ...complete, step: 3, documents: { adoptedAct: complete.documents.adoptedAct, attachments: [] } });
    expect(stepHeading().textContent).toBe('Passo 3 di 5Documenti');
    const checklist = screen.getByRole('list', { name: 'Documenti richiesti per questa domanda' });
    expect(checklist.textContent).toContain('Atto adottato (obbligatorio): caricato «delibera.pdf» (2 KB)');
    expect(checklist.textContent).toContain('Bilancio delle diffusività territoriali (obbligatorio): da caricare');
    expect(checklist.textContent).toContain('Altri elaborati (facoltativo): nessun file');
    // The diffusion balance is still due: the wizard does not let the user go on without it.
    fireEvent.click(screen.getByRole('button', { name: 'Avanti' }));
    const balance = screen.getByLabelText('Scegli il file: Bilancio delle diffusività territoriali');
    await waitFor(() => expect(document.activeElement).toBe(balance));
    expect(descriptionOf(balance)).toContain('Carica il documento richiesto: Bilancio delle diffusività territoriali.');
    // Back on step 1 the answers are there.
    fireEvent.click(screen.getByRole('button', { name: 'Indietro' }));
    fireEvent.click(screen.getByRole('button', { name: 'Indietro' }));
    expect((screen.getByLabelText(/Numero della delibera/) as HTMLInputElement).value).toBe('45');
    expect((screen.getByLabelText(/Tipo di atto/) as HTMLSelectElement).value).toBe('variante-pgt');
  });

  it('sends the payload built from the answers, clears the saved draft and shows the receipt from the API', async () => {
    await renderWizard(complete);
    expect(stepHeading().textContent).toBe('Passo 4 di 5Riepilogo');
    expect(await screen.findByText('Milano (015146)')).toBeTruthy();
    expect(screen.getByText('relazione.pdf (20 MB)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Invia la domanda' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/comune/nuova-valutazione/ricevuta/${CASE_ID}`));
    expect(posted).toEqual([submissionOf(complete)]);
    expect(window.sessionStorage.getItem(draftKey(SUBJECT))).toBeNull();

    expect(stepHeading().textContent).toBe('Passo 5 di 5Ricevuta');
    expect((await screen.findByTestId('receipt-reference')).textContent).toBe('VC-2026-000007');
    expect(screen.getByTestId('receipt-protocol').textContent).toBe('2026/0000042');
    const term = await screen.findByTestId('receipt-term');
    expect(term.textContent).toContain('Parere di compatibilità al PTM: entro il 01/04/2027');
    expect(term.textContent).toContain('Fonte normativa: LR 12/2005 art. 13 c.5');
    expect(term.textContent).toContain('Termine di 120 giorni dal 02/12/2026');
    expect(screen.getByRole('link', { name: 'Apri la pratica VC-2026-000007' }).getAttribute('href')).toBe(`/pratiche/${CASE_ID}`);
    expect(screen.getByText('Domanda inviata e protocollata.')).toBeTruthy();
  });

  it('explains a request already filed (the API answers with the existing case, created: false)', async () => {
    receiptCreated = false;
    submitAnswer = () =>
      json(
        {
          caseId: CASE_ID,
          reference: 'VC-2026-000007',
          protocolNumber: '2026/0000042',
          receivedAt: '2026-12-02T09:15:00.000Z',
          created: false,
        },
        200,
      );
    await renderWizard(complete);
    fireEvent.click(screen.getByRole('button', { name: 'Invia la domanda' }));
    expect(await screen.findByText(/Questa domanda era già stata presentata/)).toBeTruthy();
    expect(screen.getByText(/non è stata aperta una seconda pratica/).textContent).toContain('02/12/2026 10:15');
  });

  it("shows the API's invalid-params next to their fields on their step and focuses the first, keeping the draft", async () => {
    submitAnswer = () =>
      json(
        {
          type: 'about:blank',
          title: 'Dati non validi',
          status: 422,
          'invalid-params': [
            { name: 'uploads.diffusionBalance', rule: 'knownUpload', reason: 'non è un file caricato da questo Comune' },
            { name: 'deliberation.date', rule: 'notInFuture', reason: "l'atto deve essere già stato adottato" },
          ],
        },
        422,
      );
    await renderWizard(complete);
    fireEvent.click(screen.getByRole('button', { name: 'Invia la domanda' }));
    const date = await screen.findByLabelText(/Data della delibera/);
    await waitFor(() => expect(document.activeElement).toBe(date));
    expect(stepHeading().textContent).toBe('Passo 1 di 5Atto adottato');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(date)).toBe("Il giorno in cui l'atto è stato adottato. l'atto deve essere già stato adottato");
    // The summary names the other step's field too, and leads there.
    const summary = screen.getByTestId('error-summary');
    expect(summary.textContent).toContain('Passo 3 di 5, Bilancio delle diffusività territoriali: non è un file caricato da questo Comune');
    fireEvent.click(screen.getByRole('button', { name: /Passo 3 di 5, Bilancio/ }));
    const balance = await screen.findByLabelText('Sostituisci il file: Bilancio delle diffusività territoriali');
    await waitFor(() => expect(document.activeElement).toBe(balance));
    expect(descriptionOf(balance)).toContain('non è un file caricato da questo Comune');
    expect(window.sessionStorage.getItem(draftKey(SUBJECT))).not.toBeNull();
  });

  it('explains a refused file type in Italian, naming what the API recognised and what it accepts', async () => {
    await i18next.changeLanguage('it');
    const refused = new ApiProblem(415, {
      status: 415,
      title: 'Unsupported Media Type',
      detail: 'contenuto riconosciuto come application/x-msdownload, tipo non ammesso',
      'detected-type': 'application/x-msdownload',
      'accepted-types': ['PDF (PDF/A)', 'P7M (CAdES)', 'PNG'],
    });
    expect(uploadFailureMessage(refused, 'setup.exe', i18next.t)).toBe(
      'Il file «setup.exe» non è stato accettato: il contenuto è stato riconosciuto come application/x-msdownload, un tipo non ammesso. Tipi ammessi: PDF (PDF/A), P7M (CAdES), PNG. Scegli un altro file.',
    );
    expect(uploadFailureMessage(new TypeError('network'), 'a.pdf', i18next.t)).toBe(
      'Il caricamento di «a.pdf» si è interrotto: il server non risponde. Riprova.',
    );
    expect(uploadFailureMessage(new ApiProblem(413, { 'max-bytes': 10 * 1024 * 1024 }), 'big.pdf', i18next.t)).toBe(
      'Il file «big.pdf» supera la dimensione massima ammessa (10 MB).',
    );
  });
});
