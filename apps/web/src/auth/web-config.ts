// One build serves every deployment: the identity provider and the API's address are read
// at start from the API's public GET /web-config (docs/web-platform.md).
import type { components } from '../api/schema';

export type WebConfig = components['schemas']['WebConfigDto'];

export async function loadWebConfig(): Promise<WebConfig> {
  // Plain fetch: the API client is configured from this answer.
  const response = await fetch('/web-config', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /web-config: HTTP ${response.status}`);
  const config = (await response.json()) as WebConfig;
  if (!config.oidc?.authority || !config.oidc.clientId) throw new Error('GET /web-config: oidc.authority and oidc.clientId are required');
  return config;
}
