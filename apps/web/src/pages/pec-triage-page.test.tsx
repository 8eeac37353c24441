import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureApi } from '../api/client';
import { Announcer } from '../components/announcer';
import { descriptionOf, renderIn } from '../test/render';
import PecTriagePage from './pec-triage-page';

const message = {
  id: '5b0d3c1e-8a52-4f43-9d2a-1f3b7a9c0e11',
  messageId: '<opec-1@pec.test>',
  kind: 'certified',
  status: 'triage',
  reason: {
    it: 'il mittente studio.rossi@pec.example.it non è la PEC di un Comune registrato',
    en: 'sender studio.rossi@pec.example.it is not the PEC of a municipality on file',
  },
  sender: 'studio.rossi@pec.example.it',
  istatCode: null,
  municipalityName: null,
  subject: 'Richiesta di accesso agli atti',
  certifiedSentAt: '2026-11-20T08:30:00.000Z',
  protocolNumber: '2026/0000012',
  caseId: null,
  caseReference: null,
  parts: [
    { index: 0, role: 'postacert', filename: 'postacert.eml', contentType: 'message/rfc822', sizeBytes: 2048, sha256: 'a'.repeat(64) },
    { index: 1, role: 'attachment', filename: 'richiesta.pdf', contentType: 'application/pdf', sizeBytes: 4096, sha256: 'b'.repeat(64) },
  ],
  storedAt: '2026-11-20T08:31:00.000Z',
  filedBy: null,
  filedAt: null,
  archivedBy: null,
  archivedAt: null,
  archiveReason: null,
};

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('Posta da smistare', () => {
  let requests: { method: string; path: string; body: string }[];
  beforeEach(() => {
    requests = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        requests.push({
          method: request.method,
          path: `${url.pathname}${url.search}`,
          body: request.method === 'GET' ? '' : await request.text(),
        });
        if (url.pathname === '/pec-inbox') return json({ items: [message] });
        if (url.pathname.endsWith('/filing'))
          return json(
            {
              type: 'about:blank',
              title: 'Unprocessable Entity',
              status: 422,
              detail: 'caseReference: la pratica VC-2026-999999 non esiste',
              'invalid-params': [{ name: 'caseReference', rule: 'existingCase', reason: 'la pratica VC-2026-999999 non esiste' }],
            },
            422,
            'application/problem+json',
          );
        if (url.pathname.endsWith('/archive')) return json({ ...message, status: 'archived', archiveReason: 'Non pertinente' });
        return json({}, 404, 'application/problem+json');
      }),
    );
    configureApi({
      baseUrl: 'http://api.test',
      session: { accessToken: () => 't', onUnauthorized: () => undefined, language: () => 'it' },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const render = () =>
    renderIn(
      'it',
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter>
          <Announcer>
            <PecTriagePage />
          </Announcer>
        </MemoryRouter>
      </QueryClientProvider>,
    );

  it('lists what waits to be sorted in a captioned table, and opens a message with its parts, focus on it', async () => {
    await render();
    const table = await screen.findByRole('table', { name: 'Messaggi PEC da smistare, dal più vecchio' });
    const row = within(table).getAllByRole('row')[1];
    expect(within(row).getByRole('rowheader').textContent).toBe('Richiesta di accesso agli atti');
    expect(row.textContent).toContain('2026/0000012');
    expect(row.textContent).toContain('studio.rossi@pec.example.it');
    // Officers read why it waits in their language: Italian first.
    expect(row.textContent).toContain('il mittente studio.rossi@pec.example.it non è la PEC di un Comune registrato');
    expect(requests[0].path).toBe('/pec-inbox?status=triage&limit=200');

    const open = within(row).getByRole('button', { name: 'Apri il messaggio «Richiesta di accesso agli atti»' });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(open);
    const heading = await screen.findByRole('heading', { level: 2, name: 'Richiesta di accesso agli atti' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByRole('button', { name: 'Scarica il messaggio originale certificato postacert.eml' })).toBeTruthy();
    expect(screen.getByRole('button', { name: "Scarica l'allegato richiesta.pdf" })).toBeTruthy();
  });

  it('says next to the field why a case reference was refused, and archives with the reason given', async () => {
    await render();
    fireEvent.click(await screen.findByRole('button', { name: 'Apri il messaggio «Richiesta di accesso agli atti»' }));
    const reference = await screen.findByLabelText('Riferimento della pratica');
    fireEvent.change(reference, { target: { value: ' VC-2026-999999 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assegna alla pratica' }));
    await waitFor(() => expect(reference.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(reference)).toContain('la pratica VC-2026-999999 non esiste');
    expect(JSON.parse(requests.find((r) => r.path.endsWith('/filing'))!.body)).toEqual({ caseReference: 'VC-2026-999999' });

    fireEvent.change(screen.getByLabelText("Motivo dell'archiviazione"), { target: { value: 'Non pertinente' } });
    fireEvent.click(screen.getByRole('button', { name: 'Archivia' }));
    await waitFor(() => expect(requests.some((r) => r.path.endsWith('/archive'))).toBe(true));
    expect(JSON.parse(requests.find((r) => r.path.endsWith('/archive'))!.body)).toEqual({ reason: 'Non pertinente' });
  });
});
