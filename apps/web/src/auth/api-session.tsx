import { useEffect, useRef } from 'react';
import { useAuth } from 'react-oidc-context';
import i18next from '../i18n/i18n';
import { configureApi } from '../api/client';

/**
 * Connects the API client to the session: the token of the moment on every request, and a
 * 401 drops the session so the guard signs in again and comes back to the same page.
 */
export function ApiSession({ apiBaseUrl }: { apiBaseUrl: string }) {
  const auth = useAuth();
  const latest = useRef(auth);
  latest.current = auth;
  // During render, not in an effect: the pages' first queries must already carry the token.
  const configured = useRef('');
  if (configured.current !== apiBaseUrl) {
    configured.current = apiBaseUrl;
    configureApi({
      baseUrl: apiBaseUrl,
      session: {
        accessToken: () => latest.current.user?.access_token,
        onUnauthorized: () => void latest.current.removeUser(),
        language: () => i18next.language,
      },
    });
  }
  // The provider refused a silent renewal or the token ran out: drop it; the guard redirects.
  useEffect(
    () =>
      auth.events.addAccessTokenExpired(() => {
        void latest.current.removeUser();
      }),
    [auth.events],
  );
  return null;
}
