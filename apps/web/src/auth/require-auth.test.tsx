import { render, screen, waitFor } from '@testing-library/react';
import { AuthContext, type AuthContextProps } from 'react-oidc-context';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import '../i18n/i18n';
import { RequireAuth } from './require-auth';

function renderGuard(auth: Partial<AuthContextProps>, url: string) {
  return render(
    <AuthContext.Provider value={{ isLoading: false, isAuthenticated: false, events: {}, ...auth } as unknown as AuthContextProps}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route element={<RequireAuth />}>
            <Route path="*" element={<p>pagina protetta</p>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </AuthContext.Provider>,
  );
}

describe('RequireAuth', () => {
  it('sends a user without a session to sign in with the page, query and hash to come back to', async () => {
    const signinRedirect = vi.fn().mockResolvedValue(undefined);
    renderGuard({ signinRedirect }, '/pratiche/abc?tab=documenti#versioni');
    await waitFor(() => expect(signinRedirect).toHaveBeenCalledTimes(1));
    expect(signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/pratiche/abc?tab=documenti#versioni' } });
    expect(screen.queryByText('pagina protetta')).toBeNull();
  });

  it('treats a failed silent renewal as an expired session: signs in again and says so', async () => {
    const signinRedirect = vi.fn().mockResolvedValue(undefined);
    const error = Object.assign(new Error('refresh token expired'), { source: 'renewSilent' as const });
    renderGuard({ signinRedirect, error }, '/avvisi');
    await waitFor(() => expect(signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/avvisi' } }));
    expect(screen.getByRole('status').textContent).toContain('La sessione è scaduta');
  });

  it('shows a failed sign-in instead of looping through the provider', async () => {
    const signinRedirect = vi.fn().mockResolvedValue(undefined);
    const error = Object.assign(new Error('invalid_grant'), { source: 'signinCallback' as const });
    renderGuard({ signinRedirect, error }, '/');
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Accedi');
    expect(screen.getByText(/invalid_grant/)).toBeTruthy();
    expect(signinRedirect).not.toHaveBeenCalled();
  });

  it('shows the page to a signed-in user', () => {
    renderGuard({ isAuthenticated: true, user: { access_token: 't', profile: {} } as unknown as AuthContextProps['user'] }, '/');
    expect(screen.getByText('pagina protetta')).toBeTruthy();
  });
});
