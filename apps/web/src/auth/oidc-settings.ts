import { InMemoryWebStorage, type UserManagerSettings, WebStorageStateStore } from 'oidc-client-ts';
import type { WebConfig } from './web-config';

/**
 * Authorization code with PKCE (oidc-client-ts always uses S256). The session lives in memory
 * only: nothing of it survives the tab, and the provider's own session signs the user back in
 * silently. Renewal uses the refresh token (offline_access), with the silent iframe as fallback.
 */
export function oidcSettings(config: WebConfig, origin: string = window.location.origin): UserManagerSettings {
  return {
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    response_type: 'code',
    redirect_uri: `${origin}${config.oidc.redirectPath}`,
    silent_redirect_uri: `${origin}${config.oidc.silentRedirectPath}`,
    post_logout_redirect_uri: `${origin}${config.oidc.postLogoutRedirectPath}`,
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    // The PKCE verifier must survive the redirect to the provider, so the transient state stays
    // in sessionStorage (oidc-client-ts removes it once the callback is processed).
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
  };
}

/** The page to come back to after sign-in, kept in the OIDC state across the redirect. */
export interface ReturnState {
  returnTo: string;
}

export function returnStateOf(state: unknown): string {
  const returnTo = (state as Partial<ReturnState> | undefined)?.returnTo;
  // Only a path of this application: never an absolute URL an attacker could plant.
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
}
