import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseAction } from '../api/perform-action';
import { renderIn } from '../test/render';
import { CaseActionForm } from './case-action-form';

const closeConference: CaseAction = {
  name: 'closeConference',
  labelIt: 'Chiudi la conferenza',
  labelEn: 'Close the conference',
  method: 'POST',
  path: '/concertation-conferences/0b4b2c1e-0000-4000-8000-000000000001/closure',
  operationPath: '/concertation-conferences/{caseId}/closure',
  requestSchema: null,
};

/** The Idempotency-Key of each request the form sent. */
function answering(...answers: Array<() => Promise<Response>>) {
  const keys: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      keys.push((init.headers as Record<string, string>)['Idempotency-Key']);
      return answers[keys.length - 1]();
    }),
  );
  return keys;
}

const ok = async () => new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
const conflict = async () =>
  new Response(JSON.stringify({ status: 409, title: 'Conflitto', detail: 'la conferenza è già chiusa' }), {
    status: 409,
    headers: { 'Content-Type': 'application/problem+json' },
  });
const cut = async (): Promise<Response> => {
  throw new TypeError('Failed to fetch');
};

const send = async (times: number) => {
  for (let n = 1; n <= times; n++) {
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalledTimes(n));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Conferma' }).hasAttribute('disabled')).toBe(false));
  }
};

describe('CaseActionForm', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends an action again under the same Idempotency-Key when its answer never came, and a new one after', async () => {
    const keys = answering(cut, ok, ok);
    await renderIn('it', <CaseActionForm action={closeConference} documents={[]} onDone={() => undefined} />);
    await send(3);
    expect(keys[0]).toMatch(/^web-[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('takes a new key once the API has refused the action, so a corrected request is a new one', async () => {
    const keys = answering(conflict, ok);
    await renderIn('it', <CaseActionForm action={closeConference} documents={[]} onDone={() => undefined} />);
    await send(2);
    expect(keys[1]).not.toBe(keys[0]);
  });
});
