import type { Browser, Page } from '@playwright/test';
import {
  LEGNANO,
  RHO,
  type SeededUsername,
  cadesEnvelope,
  expect,
  expectNoAxeViolations,
  minimalPdf,
  seedAgreementAwaitingSignatures,
  signInOnProviderPage,
  test,
} from './fixtures';

const NAMES: Record<string, string> = { [RHO]: 'Comune di Rho', [LEGNANO]: 'Comune di Legnano' };

async function signedIn(browser: Browser, user: SeededUsername, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.WEB_URL, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  await page.goto(path);
  await signInOnProviderPage(page, user);
  return page;
}

/** Uploads a file to the case from the page's own upload form and waits for the announcement. */
async function uploadOnPage(page: Page, title: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const upload = page.getByRole('form', { name: 'Carica un documento' });
  await upload.getByLabel('Tipo di documento').selectOption({ label: 'Accordo firmato digitalmente da una parte' });
  await upload.getByLabel('Oggetto').fill(title);
  await upload.getByLabel('File').setInputFiles(file);
  await upload.getByRole('button', { name: 'Carica' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Documento «${title}» caricato.` })).toBeAttached();
}

/** Picks a document of the case in the signature form (by its title) and confirms. */
async function signWith(page: Page, title: string): Promise<void> {
  const sign = page.getByRole('form', { name: 'Firma l’accordo' });
  const option = await sign.getByLabel('Documento').locator('option', { hasText: title }).getAttribute('value');
  await sign.getByLabel('Documento').selectOption(option as string);
  await sign.getByRole('button', { name: 'Conferma' }).click();
}

test('two municipalities read the agreement party by party on its page, sign it with the signed file uploaded there, and it comes into force; its Fund commitment shows on the Fund page', async ({
  browser,
}) => {
  const agreement = await seedAgreementAwaitingSignatures();

  for (const [clerk, own, other] of [
    ['comune-rho', RHO, LEGNANO],
    ['comune-legnano', LEGNANO, RHO],
  ] as const) {
    const page = await signedIn(browser, clerk, '/comune');
    const todo = page
      .getByRole('region', { name: 'Da fare ora' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: agreement.reference }) });
    await expect(todo.getByRole('heading', { name: "Sottoscrizione dell'accordo territoriale" })).toBeVisible();
    await todo.getByRole('link', { name: 'Firma l’accordo' }).click();
    await expect(page).toHaveURL(new RegExp(`/comune/accordi/${agreement.caseId}#azioni$`));
    await expect(page.getByRole('heading', { level: 1, name: agreement.subject })).toBeVisible();

    // The text being signed, and what each party commits to, the reader's own municipality first.
    const draft = page.getByRole('region', { name: 'Bozza corrente' });
    await expect(draft).toContainText('Testo concordato nella seduta conclusiva');
    await expect(draft.getByRole('button', { name: /^bozza-accordo\.pdf/ })).toBeVisible();
    const parties = page.getByRole('region', { name: 'Le parti, i loro impegni e le firme' }).getByRole('article');
    await expect(parties.first().getByRole('heading')).toHaveText(`${NAMES[own]} (il tuo Comune)`);
    const rhoCommitments = page.getByRole('table', { name: 'Impegni di Comune di Rho' });
    await expect(rhoCommitments.getByRole('row').filter({ hasText: 'Quota dei contributi aggiuntivi al Fondo' })).toContainText(
      /Contributo al Fondo perequativoLR 12\/2005 art\. 43 c\.2-bis.*150\.000,00.*30\/06\/2027/,
    );
    await expect(page.getByRole('table', { name: 'Impegni di Comune di Legnano' })).toContainText('Monitoraggio del traffico sulla SP 12');
    await expect(page.getByRole('region', { name: 'Termine per la sottoscrizione' })).toContainText(/\d+ giorni/);

    if (clerk === 'comune-rho') {
      await expect(page.getByTestId(`signature-${other}`)).toHaveText('In attesa della firma');
      // A PDF without a signature is refused by the API, next to the field that cites it.
      await uploadOnPage(page, 'Accordo non firmato', {
        name: 'accordo.pdf',
        mimeType: 'application/pdf',
        buffer: minimalPdf('accordo senza firma'),
      });
      await signWith(page, 'Accordo non firmato');
      const field = page.getByRole('form', { name: 'Firma l’accordo' }).getByLabel('Documento');
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAccessibleDescription(/firmato digitalmente/);
    } else {
      await expect(page.getByTestId(`signature-${other}`)).toContainText(/^Firmato — da .+ \(Comune\) il \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    }

    await uploadOnPage(page, `Accordo firmato — ${clerk}`, {
      name: 'accordo.pdf.p7m',
      mimeType: 'application/pkcs7-mime',
      buffer: await cadesEnvelope(`accordo ${clerk}`),
    });
    await signWith(page, `Accordo firmato — ${clerk}`);
    await expect(page.getByRole('status').filter({ hasText: 'Firma l’accordo' })).toBeAttached();
    await expect(page.getByTestId(`signature-${own}`)).toContainText('Firmato — da');
    // Who signed, read from the certificate; the stack configures no trusted list, so the chain is flagged, not refused.
    const signers = page.getByTestId(`signers-${own}`);
    await expect(signers).toContainText('Firmato da Mario Rossi (RSSMRA80A01F205X) il');
    await expect(signers).toContainText('Catena non fidata');
    await expect(parties.first().getByRole('button', { name: /^accordo\.pdf\.p7m/ })).toBeVisible();
    await expectNoAxeViolations(page);
    if (clerk === 'comune-legnano') {
      // The last signature brings it into force: nothing is left to sign.
      await expect(page.getByTestId('agreement-state')).toHaveText('In vigore');
      await expect(page.getByRole('form', { name: 'Firma l’accordo' })).toHaveCount(0);
    }
    await page.context().close();
  }

  // In force, the agreement posted its commitment to the Fund: Rho reads it on its Fund page, Legnano does not.
  for (const [clerk, sees] of [
    ['comune-rho', true],
    ['comune-legnano', false],
  ] as const) {
    const page = await signedIn(browser, clerk, '/fondo');
    await expect(page.getByRole('heading', { level: 1, name: 'Fondo perequativo metropolitano' })).toBeVisible();
    const commitments = page.getByRole('region', { name: 'Impegni', exact: true });
    await expect(commitments).not.toContainText('Caricamento');
    if (sees) {
      const row = commitments.getByRole('row').filter({ hasText: 'Quota dei contributi aggiuntivi al Fondo' });
      await expect(row).toContainText('Contributo al Fondo perequativo');
      await expect(row).toContainText('150.000,00');
      await expect(row).toContainText('30/06/2027');
      await expectNoAxeViolations(page);
    } else {
      await expect(commitments).not.toContainText('Quota dei contributi aggiuntivi al Fondo');
    }
    await page.context().close();
  }

  // The officer downloads the balances as CSV.
  const page = await signedIn(browser, 'funzionario1', '/fondo');
  await expect(
    page
      .getByRole('region', { name: 'Impegni', exact: true })
      .getByRole('row')
      .filter({ hasText: 'Quota dei contributi aggiuntivi al Fondo' }),
  ).toBeVisible();
  const download = page.waitForEvent('download');
  await page
    .getByRole('region', { name: /Saldi al/ })
    .getByRole('button', { name: 'Scarica in CSV' })
    .click();
  const file = await (await download).path();
  const text = await import('node:fs/promises').then((fs) => fs.readFile(file, 'utf8'));
  expect(text.split('\n')[0]).toContain('Codice ISTAT;Titolare;Sezione');
  await expectNoAxeViolations(page);
  await page.context().close();
});

test("a mayor's office refuses the draft with its reasons from the list of agreements; a municipality not party finds neither the agreement nor its page", async ({
  browser,
}) => {
  const agreement = await seedAgreementAwaitingSignatures();

  const mayor = await signedIn(browser, 'sindaco-legnano', '/comune');
  await mayor.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Accordi', exact: true }).click();
  await expect(mayor.getByRole('heading', { level: 1, name: 'Accordi territoriali' })).toBeVisible();
  await mayor
    .getByRole('table', { name: 'Accordi territoriali di cui il Comune è parte' })
    .getByRole('link', { name: agreement.reference })
    .click();
  const refuse = mayor.getByRole('form', { name: 'Rifiuta la firma' });
  await refuse.getByLabel(/Motivazione/).fill('Il monitoraggio della SP 12 va ripartito tra le parti');
  await refuse.getByRole('button', { name: 'Conferma' }).click();
  await expect(mayor.getByTestId(`signature-${LEGNANO}`)).toContainText(/^Rifiutato — da .+ \(Segreteria del Sindaco\)/);
  await expect(mayor.getByRole('article', { name: 'Comune di Legnano (il tuo Comune)' })).toContainText(
    'Il monitoraggio della SP 12 va ripartito tra le parti',
  );
  await expect(mayor.getByTestId('agreement-state')).toHaveText('In rinegoziazione');
  await expectNoAxeViolations(mayor);
  await mayor.context().close();

  // The API scopes agreements to their parties: Milano's clerk does not see it listed, and its page shows the API's 404.
  const stranger = await signedIn(browser, 'comune-milano', '/comune/accordi');
  await expect(stranger.getByRole('heading', { level: 1, name: 'Accordi territoriali' })).toBeVisible();
  await expect(stranger.getByRole('region', { name: 'Accordi del Comune' })).not.toContainText('Caricamento');
  await expect(stranger.getByRole('link', { name: agreement.reference })).toHaveCount(0);
  await stranger.goto(`/comune/accordi/${agreement.caseId}`);
  await expect(stranger.getByRole('alert')).toContainText(agreement.caseId);
  await expect(stranger.getByRole('region', { name: 'Bozza corrente' })).toHaveCount(0);
  await stranger.context().close();
});
