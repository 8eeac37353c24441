import { randomBytes } from 'node:crypto';
import { api, apiToken, expect, expectNoAxeViolations, minimalPdf, signInOnProviderPage, test } from './fixtures';

const RHO = '015182';
const LEGNANO = '015118';
// The start of a CAdES envelope (.p7m): SEQUENCE, then the signedData OID; the API checks this structure.
const cadesEnvelope = () => Buffer.concat([Buffer.from('3082' + '1a2b' + '06092a864886f70d010702' + 'a082' + '1a1c', 'hex'), randomBytes(700)]);

async function caseDocument(token: string, caseId: string, kind: string, title: string, file: Blob, filename: string): Promise<string> {
  const form = new FormData();
  form.set('kind', kind);
  form.set('title', title);
  form.set('file', file, filename);
  const response = await fetch(`${process.env.WEB_URL}/cases/${caseId}/documents`, { method: 'POST', headers: { Authorization: token }, body: form });
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { documentId: string }).documentId;
}

test('two municipalities sign the territorial agreement from their case page, it comes into force, and its Fund commitment shows on the Fund page', async ({ browser }) => {
  // The officer negotiates and sends the draft for signature (the officers' side is covered elsewhere).
  const officer = await apiToken('funzionario1');
  const subject = `Accordo territoriale Rho–Legnano ${Date.now() % 100000}`;
  const agreement = await api<{ caseId: string; reference: string }>(officer, 'POST', '/territorial-agreements', { subject, municipalities: [RHO, LEGNANO], metropolitanExternalities: false });
  const draft = await caseDocument(officer, agreement.caseId, 'agreement-draft', "Bozza dell'accordo", new Blob([minimalPdf('bozza')], { type: 'application/pdf' }), 'bozza-accordo.pdf');
  await api(officer, 'POST', `/territorial-agreements/${agreement.caseId}/drafts`, { documentIds: [draft] });
  await api(officer, 'POST', `/territorial-agreements/${agreement.caseId}/commitments`, {
    commitments: [
      { party: RHO, kind: 'fund-contribution', legalBasis: 'LR 12/2005 art. 43 c.2-bis', amountCents: 15_000_000, description: 'Quota dei contributi aggiuntivi al Fondo', dueDate: '2027-06-30' },
      { party: LEGNANO, kind: 'obligation', description: 'Monitoraggio del traffico sulla SP 12' },
    ],
  });
  await api(officer, 'POST', `/territorial-agreements/${agreement.caseId}/send-for-signature`);

  for (const clerk of ['comune-rho', 'comune-legnano'] as const) {
    const context = await browser.newContext({ baseURL: process.env.WEB_URL, locale: 'it-IT', timezoneId: 'Europe/Rome' });
    const page = await context.newPage();
    await page.goto('/comune');
    await signInOnProviderPage(page, clerk);
    const todo = page.getByRole('region', { name: 'Da fare ora' }).getByRole('listitem').filter({ has: page.getByRole('link', { name: agreement.reference }) });
    await expect(todo.getByRole('heading', { name: "Sottoscrizione dell'accordo territoriale" })).toBeVisible();
    await todo.getByRole('link', { name: 'Firma l’accordo' }).click();

    const upload = page.getByRole('form', { name: 'Carica un documento' });
    await upload.getByLabel('Tipo di documento').selectOption({ label: 'Accordo firmato digitalmente da una parte' });
    await upload.getByLabel('Oggetto').fill(`Accordo firmato — ${clerk}`);
    await upload.getByLabel('File').setInputFiles({ name: 'accordo.pdf.p7m', mimeType: 'application/pkcs7-mime', buffer: cadesEnvelope() });
    await upload.getByRole('button', { name: 'Carica' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Documento «Accordo firmato — ${clerk}» caricato.` })).toBeAttached();

    // The draft being signed is the API's (the action's target): the clerk only picks the signed file.
    const sign = page.getByRole('form', { name: 'Firma l’accordo' });
    await expect(sign.getByLabel(/Versione della bozza/)).toHaveCount(0);
    const option = await sign.getByLabel('Documento').locator('option', { hasText: `Accordo firmato — ${clerk}` }).getAttribute('value');
    await sign.getByLabel('Documento').selectOption(option as string);
    await sign.getByRole('button', { name: 'Conferma' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Firma l’accordo' })).toBeAttached();
    await expectNoAxeViolations(page);
    if (clerk === 'comune-legnano') {
      // The last signature brings it into force.
      await expect(page.getByRole('definition').filter({ hasText: /In vigore/ })).toBeVisible();
    }
    await context.close();
  }

  // In force, the agreement posted its commitment to the Fund: Rho reads it on its Fund page, Legnano does not.
  for (const [clerk, sees] of [['comune-rho', true], ['comune-legnano', false]] as const) {
    const context = await browser.newContext({ baseURL: process.env.WEB_URL, locale: 'it-IT', timezoneId: 'Europe/Rome' });
    const page = await context.newPage();
    await page.goto('/fondo');
    await signInOnProviderPage(page, clerk);
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
    await context.close();
  }

  // The officer downloads the balances as CSV.
  const context = await browser.newContext({ baseURL: process.env.WEB_URL, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  await page.goto('/fondo');
  await signInOnProviderPage(page, 'funzionario1');
  await expect(page.getByRole('region', { name: 'Impegni', exact: true }).getByRole('row').filter({ hasText: 'Quota dei contributi aggiuntivi al Fondo' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: /Saldi al/ }).getByRole('button', { name: 'Scarica in CSV' }).click();
  const file = await (await download).path();
  const text = await import('node:fs/promises').then((fs) => fs.readFile(file, 'utf8'));
  expect(text.split('\n')[0]).toContain('Codice ISTAT;Titolare;Sezione');
  await expectNoAxeViolations(page);
  await context.close();
});
