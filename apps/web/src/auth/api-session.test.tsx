import { render, waitFor } from '@testing-library/react';
import { AuthContext, type AuthContextProps } from 'react-oidc-context';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, authorizationHeaders } from '../api/client';
import { ApiProblem } from '../api/problem';
import { ApiSession } from './api-session';

function fakeAuth(removeUser: () => Promise<void>): AuthContextProps {
  return {
    user: { access_token: 'token-of-giulia' },
    events: { addAccessTokenExpired: () => () => undefined },
    removeUser,
  } as unknown as AuthContextProps;
}

describe('ApiSession', () => {
  beforeEach(() => window.sessionStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('gives every request the token of the session, also when the API is on the same origin (empty base URL)', () => {
    render(
      <AuthContext.Provider value={fakeAuth(vi.fn())}>
        <ApiSession apiBaseUrl="" />
      </AuthContext.Provider>,
    );
    expect(authorizationHeaders().Authorization).toBe('Bearer token-of-giulia');
  });

  it('drops the session on a 401 (the guard signs in again) but not twice in a row, and throws the problem', async () => {
    const removeUser = vi.fn().mockResolvedValue(undefined);
    const unauthorized = () =>
      new Response(JSON.stringify({ type: 'about:blank', title: 'Autenticazione richiesta', status: 401, detail: 'token expired' }), {
        status: 401,
        headers: { 'content-type': 'application/problem+json' },
      });
    const fetchMock = vi.fn(async () => unauthorized());
    vi.stubGlobal('fetch', fetchMock);
    render(
      <AuthContext.Provider value={fakeAuth(removeUser)}>
        <ApiSession apiBaseUrl="http://127.0.0.1:3000" />
      </AuthContext.Provider>,
    );
    const first = await api.GET('/municipalities').catch((error: unknown) => error);
    expect(first).toBeInstanceOf(ApiProblem);
    expect((first as ApiProblem).status).toBe(401);
    expect((first as ApiProblem).detail).toBe('token expired');
    await waitFor(() => expect(removeUser).toHaveBeenCalledTimes(1));
    const sent = (fetchMock.mock.calls[0] as unknown as [Request])[0];
    expect(sent.url).toBe('http://127.0.0.1:3000/municipalities');
    expect(sent.headers.get('authorization')).toBe('Bearer token-of-giulia');

    await api.GET('/municipalities').catch(() => undefined);
    expect(removeUser).toHaveBeenCalledTimes(1);
  });
});
