import { useEffect, useRef } from 'react';
import { useAuth } from 'react-oidc-context';
import i18next from '../i18n/i18n';
import { configureApi } from '../api/client';

/**
 * Connects the API client to the session: the token of the moment on every request, and a
 * 401 drops the session so the guard signs in again and comes back to the same page.
 */
const REDIRECTED_AT = 'cmm-web-unauthorized-at';

/**
 * A 401 signs the user in again once; a second 401 right after a fresh sign-in means the API
 * refuses this provider's tokens (configuration), and looping through the provider would hide
 * that: the page shows the API's problem instead.
 */
function recentlyRedirected(now = Date.now()): boolean {
  try {
    const last = Number(window.sessionStorage.getItem(REDIRECTED_AT) ?? 0);
    if (now - last < 60_000) return true;
    window.sessionStorage.setItem(REDIRECTED_AT, String(now));
  } catch {
    // Without storage, no loop protection: still sign in again.
  }
  return false;
}

export function ApiSession({ apiBaseUrl }: { apiBaseUrl: string }) {
  const auth = useAuth();
  const latest = useRef(auth);
  latest.current = auth;
  // During render, not in an effect: the pages' first queries must already carry the token.
  const configured = useRef<string | null>(null);
  if (configured.current !== apiBaseUrl) {
    configured.current = apiBaseUrl;
    configureApi({
      baseUrl: apiBaseUrl,
      session: {
        accessToken: () => latest.current.user?.access_token,
        onUnauthorized: () => {
          if (recentlyRedirected()) return;
          void latest.current.removeUser();
        },
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
