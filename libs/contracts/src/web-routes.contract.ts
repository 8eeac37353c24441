/**
 * Page routes of the web application that other parts of the system link to (notices, the
 * API's configuration for the app). One definition, so a notice's link and the app's router
 * cannot drift apart; docs/web-platform.md lists them for the app.
 */
export const CASE_PAGE_PATH_TEMPLATE = '/pratiche/{caseId}';

const pageUrl = (publicUrl: string, template: string, caseId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${template.replace('{caseId}', encodeURIComponent(caseId))}`;

/** The web application's page of one case, under the deployment's public URL (PUBLIC_URL). */
export const casePageUrl = (publicUrl: string, caseId: string): string => pageUrl(publicUrl, CASE_PAGE_PATH_TEMPLATE, caseId);

/**
 * The annual call as a municipality reads it: a notified municipality is not a party of the call's
 * case (the case page is 404 for it), so its notices link here, where the notice can be downloaded.
 */
export const ANNUAL_CALL_PAGE_PATH_TEMPLATE = '/comune/avviso-annuale/{caseId}';

/** A territorial agreement as its parties read it: the draft, each party's commitments and signature. */
export const AGREEMENT_PAGE_PATH_TEMPLATE = '/comune/accordi/{caseId}';

/** Procedures whose municipalities have a page of their own (apps/web routes of the same paths). */
const MUNICIPAL_PAGE_TEMPLATES: Readonly<Record<string, string>> = {
  'annual-call': ANNUAL_CALL_PAGE_PATH_TEMPLATE,
  'territorial-agreement': AGREEMENT_PAGE_PATH_TEMPLATE,
};

/**
 * Where a notice about a case sends its reader: the municipalities' own page where one exists for
 * the procedure, otherwise the case page (staff always read the case page).
 */
export const noticePageUrl = (publicUrl: string, caseId: string, procedure: string | null, readers: 'staff' | 'municipalities'): string => {
  const template = readers === 'municipalities' && procedure ? MUNICIPAL_PAGE_TEMPLATES[procedure] : undefined;
  return template ? pageUrl(publicUrl, template, caseId) : casePageUrl(publicUrl, caseId);
};

/** The convocation's personal link page (apps/web route of the same path). */
export const ANSWER_PAGE_PATH = '/risposta-convocazione';

/**
 * The link a convocation carries: the token rides in the fragment, which browsers never send to a
 * server, so it stays out of access logs and Referer headers; the page reads it and calls the API.
 */
export const answerPageUrl = (publicUrl: string, token: string): string => `${publicUrl.replace(/\/+$/, '')}${ANSWER_PAGE_PATH}#${token}`;

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
