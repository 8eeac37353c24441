import type { IncomingMessage, ServerResponse } from 'node:http';

/*
 * oidc-provider is an ES module and ships no TypeScript types; these are the few shapes this
 * application touches. The module is loaded with a real dynamic import (TypeScript would turn
 * `import()` into `require()` under CommonJS output).
 */
export interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

export interface OidcContext {
  type: string;
  body: unknown;
  oidc: {
    provider: OidcProvider;
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
  };
}

export interface InteractionDetails {
  uid: string;
  prompt: { name: string };
  params: Record<string, unknown>;
}

export interface OidcProvider {
  proxy: boolean;
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    request: IncomingMessage,
    response: ServerResponse,
    result: object,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Client: { find(id: string): Promise<{ clientName?: string } | undefined> };
  Grant: { new (init: { clientId: string; accountId: string }): OidcGrant; find(id: string): Promise<OidcGrant | undefined> };
}

export type OidcProviderClass = new (issuer: string, configuration: object) => OidcProvider;

const dynamicImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<{ default: OidcProviderClass }>;

export const loadOidcProvider = async (): Promise<OidcProviderClass> => (await dynamicImport('oidc-provider')).default;
