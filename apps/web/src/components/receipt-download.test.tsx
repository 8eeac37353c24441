import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureApi } from '../api/client';
import { renderIn } from '../test/render';
import { ReceiptDownload } from './receipt-download';

const CASE_ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const version = (filename: string) => ({
  version: 1,
  sha256: 'ab'.repeat(32),
  sizeBytes: 20480,
  contentType: 'application/pdf',
  filename,
  uploadedAt: '2026-12-02T09:15:00.000Z',
  uploadedBy: 'system:workflow',
  protocolNumber: '2026/0000042',
  contentUrl: `/cases/${CASE_ID}/documents/d-${filename}/versions/1/content`,
});

describe('the receipt of a filing as a download', () => {
  let items: unknown[];

  beforeEach(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) =>
        new URL(request.url).pathname === `/cases/${CASE_ID}/documents`
          ? new Response(JSON.stringify({ items }), { headers: { 'content-type': 'application/json' } })
          : new Response(JSON.stringify({ title: 'Not Found', status: 404 }), { status: 404 }),
      ),
    );
    configureApi({
      baseUrl: 'http://api.test',
      session: { accessToken: () => 't', onUnauthorized: () => undefined, language: () => 'it' },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  let queries: QueryClient;
  const renderFor = (language: 'it' | 'en') =>
    renderIn(
      language,
      <QueryClientProvider client={(queries = new QueryClient({ defaultOptions: { queries: { retry: false } } }))}>
        <ReceiptDownload caseId={CASE_ID} />
      </QueryClientProvider>,
    );

  it('offers the receipt the API filed on the case, named by its file, in Italian and English', async () => {
    items = [
      { id: 'd-delibera', kind: 'adhesion-deliberation', title: 'Delibera', versions: [version('delibera.pdf')] },
      {
        id: 'd-ricevuta',
        kind: 'submission-receipt',
        title: 'Ricevuta di presentazione — AD-2026-000003',
        versions: [version('ricevuta-AD-2026-000003.pdf')],
      },
    ];
    const { unmount } = await renderFor('it');
    expect(await screen.findByRole('button', { name: 'Scarica la ricevuta ricevuta-AD-2026-000003.pdf' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /delibera/ })).toBeNull();
    unmount();
    await renderFor('en');
    expect(await screen.findByRole('button', { name: 'Download the receipt ricevuta-AD-2026-000003.pdf' })).toBeTruthy();
  });

  it('shows nothing while the case has no receipt', async () => {
    items = [{ id: 'd-delibera', kind: 'adhesion-deliberation', title: 'Delibera', versions: [version('delibera.pdf')] }];
    const { container } = await renderFor('it');
    // Once the documents are read, not before.
    await vi.waitFor(() => expect(queries.getQueryState(['case', CASE_ID, 'documents'])?.status).toBe('success'));
    expect(container.textContent).toBe('');
  });
});
