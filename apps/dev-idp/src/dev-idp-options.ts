import { WEB_AUTH_PATHS } from '@cmm/contracts';

export interface DevIdpOptions {
  /** Issuer URL, e.g. http://127.0.0.1:3100 (the API's AUTH_ISSUER). */
  issuer: string;
  /** `aud` of the access tokens: the API's AUTH_AUDIENCE. */
  audience: string;
  clientId: string;
  /** Origins of the web application (API origin, Vite dev server). */
  webOrigins: string[];
  /** The development issuer's key directory (shared with the CLI `token` command). */
  keyDir: string;
  /** Cookie keys of the provider. */
  dataDir: string;
  accessTokenSeconds: number;
}

/** The resource indicator of the API (RFC 8707); the audience is what the API checks. */
export const API_RESOURCE = 'urn:cmm:procedures';
export const API_SCOPE = 'cmm:api';

export const redirectUrisFor = (origins: readonly string[]): string[] =>
  origins.flatMap((origin) => [`${origin}${WEB_AUTH_PATHS.callback}`, `${origin}${WEB_AUTH_PATHS.silentRenew}`]);

export const postLogoutUrisFor = (origins: readonly string[]): string[] =>
  origins.map((origin) => `${origin}${WEB_AUTH_PATHS.afterSignOut}`);
