import AxeBuilder from '@axe-core/playwright';
import { type Page, test as base, expect } from '@playwright/test';
import { signIn as signInOverHttp } from '../support/oidc-code-flow';
import { signedTestP7m } from '../support/test-pki';

export { expect };

/** Seeded users of the development identity provider (apps/dev-idp/src/seeded-users.ts). */
export type SeededUsername =
  | 'funzionario1'
  | 'funzionario2'
  | 'dirigente'
  | 'amministratore'
  | 'comune-milano'
  | 'sindaco-milano'
  | 'comune-rho'
  | 'sindaco-rho'
  | 'comune-legnano'
  | 'sindaco-legnano';

const PASSWORD = 'sviluppo';
const stackUrl = (name: 'WEB_URL' | 'IDP_URL' | 'MAIL_WEB_URL'): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} missing: the global setup did not start the stack`);
  return value;
};

/** On the identity provider's own page: pick the user, type the password, sign in. */
export async function signInOnProviderPage(page: Page, username: SeededUsername): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${stackUrl('IDP_URL')}/`));
  await expect(page.getByText('Solo per sviluppo e test.')).toBeVisible();
  await page.getByLabel('Utente di prova').selectOption(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page).toHaveURL(new RegExp(`^${stackUrl('WEB_URL')}/`));
}

/** A Bearer token for API calls made by the test itself (seeding), through the same provider. */
export async function apiToken(username: SeededUsername): Promise<string> {
  const tokens = await signInOverHttp({
    issuer: stackUrl('IDP_URL'),
    clientId: 'cmm-web',
    redirectUri: `${stackUrl('WEB_URL')}/auth/callback`,
    username,
    password: PASSWORD,
  });
  return `Bearer ${tokens.access_token}`;
}

export const minimalPdf = (text: string) =>
  Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

export async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stackUrl('WEB_URL')}${path}`, {
    method,
    headers: { Authorization: token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A file streamed to POST /uploads as the user of `token`; the upload id to name in a filing. */
export async function upload(token: string, kind: string, title: string): Promise<string> {
  const form = new FormData();
  form.set('kind', kind);
  form.set('title', title);
  form.set('file', new Blob([minimalPdf(title)], { type: 'application/pdf' }), `${kind}.pdf`);
  const response = await fetch(`${stackUrl('WEB_URL')}/uploads`, { method: 'POST', headers: { Authorization: token }, body: form });
  if (response.status !== 201) throw new Error(`POST /uploads: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { uploadId: string }).uploadId;
}

export interface SeededCase {
  caseId: string;
  reference: string;
}

/** A compatibility evaluation filed by a municipality through the API, as the municipality would. */
export async function seedCompatibilityEvaluation(
  username: SeededUsername = 'comune-milano',
  deliberationNumber = String(Date.now() % 100000),
): Promise<SeededCase> {
  const token = await apiToken(username);
  const adoptedAct = await upload(token, 'adopted-act', `Delibera di adozione n. ${deliberationNumber}`);
  const receipt = await api<{ caseId: string; reference: string }>(token, 'POST', '/compatibility-evaluations', {
    actType: 'variante-pgt',
    deliberation: { number: deliberationNumber, date: '2026-10-30' },
    description: 'Variante al PGT per la rigenerazione dello scalo ferroviario',
    declaresSupraMunicipalRelevance: false,
    uploads: { adoptedAct },
  });
  return { caseId: receipt.caseId, reference: receipt.reference };
}

export const RHO = '015182';
export const LEGNANO = '015118';

/** A CAdES envelope (.p7m) really signed by the tests' own CA: the API verifies the signature (untrusted chain: a warning). */
export const cadesEnvelope = (text = 'atto firmato'): Promise<Buffer> => signedTestP7m(text);

/** A document added to a case (POST /cases/:caseId/documents) as the user of `token`; its id. */
export async function caseDocument(
  token: string,
  caseId: string,
  kind: string,
  title: string,
  file: Blob,
  filename: string,
): Promise<string> {
  const form = new FormData();
  form.set('kind', kind);
  form.set('title', title);
  form.set('file', file, filename);
  const response = await fetch(`${stackUrl('WEB_URL')}/cases/${caseId}/documents`, {
    method: 'POST',
    headers: { Authorization: token },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { documentId: string }).documentId;
}

export interface SeededAgreement extends SeededCase {
  subject: string;
}

/**
 * A territorial agreement between Rho and Legnano as an officer negotiates it through the API:
 * a draft, a Fund contribution of Rho and an obligation of Legnano, sent for signature.
 */
export async function seedAgreementAwaitingSignatures(
  subject = `Accordo territoriale Rho–Legnano ${Date.now() % 100000}`,
): Promise<SeededAgreement> {
  const officer = await apiToken('funzionario1');
  const agreement = await api<SeededCase>(officer, 'POST', '/territorial-agreements', {
    subject,
    municipalities: [RHO, LEGNANO],
    metropolitanExternalities: false,
  });
  const draft = await caseDocument(
    officer,
    agreement.caseId,
    'agreement-draft',
    "Bozza dell'accordo",
    new Blob([minimalPdf('bozza')], { type: 'application/pdf' }),
    'bozza-accordo.pdf',
  );
  await api(officer, 'POST', `/territorial-agreements/${agreement.caseId}/drafts`, {
    documentIds: [draft],
    note: 'Testo concordato nella seduta conclusiva',
  });
  await api(officer, 'POST', `/territorial-agreements/${agreement.caseId}/commitments`, {
    commitments: [
      {
        party: RHO,
        kind: 'fund-contribution',
        legalBasis: 'LR 12/2005 art. 43 c.2-bis',
        amountCents: 15_000_000,
        description: 'Quota dei contributi aggiuntivi al Fondo',
        dueDate: '2027-06-30',
      },
      { party: LEGNANO, kind: 'obligation', description: 'Monitoraggio del traffico sulla SP 12' },
    ],
  });
  await api(officer, 'POST', `/territorial-agreements/${agreement.caseId}/send-for-signature`);
  return { caseId: agreement.caseId, reference: agreement.reference, subject };
}

/** A party's signature through the API: the signed file added to the case, then signed on the current draft. */
export async function signAgreementAs(username: SeededUsername, caseId: string, draftVersion = 1): Promise<void> {
  const token = await apiToken(username);
  const signed = await caseDocument(
    token,
    caseId,
    'agreement-signature',
    `Accordo firmato — ${username}`,
    new Blob([new Uint8Array(await cadesEnvelope(`accordo ${username}`))], { type: 'application/pkcs7-mime' }),
    'accordo.pdf.p7m',
  );
  await api(token, 'POST', `/territorial-agreements/${caseId}/signatures`, { documentId: signed, draftVersion });
}

export interface SeededCall {
  caseId: string;
  reference: string;
  year: number;
}

/**
 * A year of its own for this run's annual call. Workflow ids are `annual-call-<year>` on a
 * Temporal server other runs share, and a call left open by an earlier run (its worker gone)
 * would answer no Update: the year comes from this run's API port, so runs do not meet.
 */
export const browserCallYear = (): number => 2100 + (Number(new URL(stackUrl('WEB_URL')).port) % 800);

/**
 * The annual call, opened by an officer through the API, with Milano adhering to STTM 1 and 2
 * (its deliberation filed and registered) so its clerk may propose. Once per run: a second
 * call finds the year already open and seeds nothing.
 */
export async function seedAnnualCall(): Promise<SeededCall> {
  const officer = await apiToken('funzionario1');
  const year = browserCallYear();
  const opened = await fetch(`${stackUrl('WEB_URL')}/annual-calls`, {
    method: 'POST',
    headers: { Authorization: officer, 'Content-Type': 'application/json' },
    body: JSON.stringify({ year }),
  });
  if (opened.status !== 201 && opened.status !== 200) throw new Error(`POST /annual-calls: ${opened.status} ${await opened.text()}`);
  const call = (await opened.json()) as SeededCall;
  if (opened.status === 201) {
    const milano = await apiToken('comune-milano');
    const deliberation = await upload(milano, 'adhesion-deliberation', `Delibera di adesione ${year}`);
    const adhesion = await api<{ caseId: string }>(milano, 'POST', '/adhesions', {
      deliberation: { number: `A${year}`, date: '2026-10-30' },
      sttm: [1, 2],
      adhesionCase: 'a',
      fund: true,
      uploads: { deliberation },
    });
    await api(officer, 'POST', `/adhesions/${adhesion.caseId}/registration`);
  }
  return { caseId: call.caseId, reference: call.reference, year: call.year };
}

/** Waits until the call's notice reached the municipality (the notifier sends it by PEC): then the municipality reads the call. */
export async function waitUntilNotified(username: SeededUsername, caseId: string, limitMs = 60_000): Promise<void> {
  const token = await apiToken(username);
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const response = await fetch(`${stackUrl('WEB_URL')}/annual-calls/${caseId}`, { headers: { Authorization: token } });
    if (response.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${username} was not notified of the annual call ${caseId}`);
}

export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
}

/** The mail catcher's messages (MailDev REST API), newest last; waits until one matches. */
// The notifier sends in order: under load a message may wait behind a call notified to all 133 municipalities.
export async function waitForMail(matches: (mail: CaughtMail) => boolean, limitMs = 180_000): Promise<CaughtMail> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const mails = (await (await fetch(`${stackUrl('MAIL_WEB_URL')}/email`)).json()) as CaughtMail[];
    const found = mails.find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('no matching message reached the mail catcher');
}

/** WCAG 2.1 A and AA, as Law 4/2004 and EN 301 549 ask: zero violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // @axe-core/playwright types against its own playwright-core copy: same API, other declaration.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(stackUrl('WEB_URL'));
  },
});
