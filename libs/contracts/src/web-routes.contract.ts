/**
 * Page routes of the web application that other parts of the system link to (notices, the
 * API's configuration for the app). One definition, so a notice's link and the app's router
 * cannot drift apart; docs/web-platform.md lists them for the app.
 */
export const CASE_PAGE_PATH_TEMPLATE = '/pratiche/{caseId}';

/** The web application's page of one case, under the deployment's public URL (PUBLIC_URL). */
export const casePageUrl = (publicUrl: string, caseId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${CASE_PAGE_PATH_TEMPLATE.replace('{caseId}', encodeURIComponent(caseId))}`;

/** Anchor of a document on the case page: a notice that names an act opens the page there. */
export const DOCUMENT_ANCHOR_PREFIX = 'documento-';

/** A document of a case as a page a person can open (the content route needs a token a browser link lacks). */
export const caseDocumentPageUrl = (publicUrl: string, caseId: string, documentId: string): string =>
  `${casePageUrl(publicUrl, caseId)}#${DOCUMENT_ANCHOR_PREFIX}${encodeURIComponent(documentId)}`;

/** Where the identity provider sends the browser back (redirect URIs are origin + these paths). */
export const WEB_AUTH_PATHS = {
  callback: '/auth/callback',
  silentRenew: '/auth/silent-renew',
  afterSignOut: '/',
} as const;
