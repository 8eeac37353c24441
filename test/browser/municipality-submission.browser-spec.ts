// A municipal clerk files a compatibility evaluation through the wizard (/comune/nuova-valutazione):
// with the mouse and a 20 MB attachment, with the keyboard only, and across a reload. Axe on
// every step. With CMM_SCREENSHOTS=1 the first journey writes docs/screenshots/web-comune-*.png.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { pdfaViolations, validatePdfa } from '../support/pdfa-validator';
import { expect, expectNoAxeViolations, minimalPdf, signInOnProviderPage, test } from './fixtures';

const WIZARD = '/comune/nuova-valutazione';
const DRAFT_PREFIX = 'cmm-web:nuova-valutazione:';

/** A PDF-looking file of the given size: the API recognises it by its header, padding in between. */
function pdfOfSize(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n');
  const tail = Buffer.from('\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length - tail.length, '0'), tail]);
}

const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: minimalPdf(name) });

/** A unique deliberation number per test: the API treats the same act filed twice as the same case. */
const deliberationNumber = (prefix: string) => `${prefix}${Date.now() % 1_000_000}`;

async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CMM_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: join(__dirname, '../../docs/screenshots', `web-comune-${name}.png`), fullPage: true });
}

const stepHeading = (page: Page) => page.getByRole('heading', { level: 2 }).filter({ hasText: /^Passo \d di 5/ });

async function expectStep(page: Page, step: number, name: string): Promise<void> {
  await expect(stepHeading(page)).toHaveText(`Passo ${step} di 5${name}`);
  await expect(page.locator('.spinner-border, [aria-busy="true"]')).toHaveCount(0);
}

/** Presses Tab (or Shift+Tab) until `target` has focus: the keyboard's way of reaching a control. */
async function tabTo(page: Page, target: Locator, { backwards = false, limit = 40 } = {}): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element.matches(':focus')).catch(() => false)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`focus never reached ${target.toString()} in ${limit} presses`);
}

/**
 * Bootstrap Italia draws radios and checkboxes on their label, which takes the click: the
 * mouse clicks the label, as a person does, and the control must end up checked.
 */
async function pick(page: Page, label: string): Promise<void> {
  const control = page.getByLabel(label, { exact: true });
  const id = await control.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  await expect(control).toBeChecked();
}

async function savedDrafts(page: Page): Promise<string[]> {
  // Runs in the page: the test's own tsconfig has no DOM types.
  return page.evaluate(
    (prefix) => Object.keys((globalThis as unknown as { sessionStorage: object }).sessionStorage).filter((key) => key.startsWith(prefix)),
    DRAFT_PREFIX,
  );
}

test('a clerk of Rho files an evaluation with three documents, one of 20 MB, and gets the receipt with protocol number and due date', async ({
  page,
}) => {
  const number = deliberationNumber('R');
  await page.goto(WIZARD);
  await signInOnProviderPage(page, 'comune-rho');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nuova richiesta di valutazione di compatibilità');
  await expect(
    page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Nuova valutazione', exact: true }),
  ).toBeVisible();

  // 1. The act.
  await expectStep(page, 1, 'Atto adottato');
  await expectNoAxeViolations(page);
  await page.getByLabel('Tipo di atto').selectOption({ label: 'Variante al PGT' });
  await page.getByLabel('Numero della delibera di adozione').fill(number);
  await page.getByLabel('Data della delibera di adozione').fill('2026-10-30');
  await page.getByLabel("Descrizione dell'atto").fill('Variante al PGT per la rigenerazione dello scalo ferroviario di Rho-Fiera');
  await screenshot(page, '1-atto');
  await page.getByRole('button', { name: 'Avanti' }).click();

  // 2. Relevance declared, two affected municipalities found through the search box; no adhesion.
  await expectStep(page, 2, 'Rilevanza e adesione');
  await expect(stepHeading(page)).toBeFocused();
  await pick(page, 'Sì, dichiaro la rilevanza sovracomunale');
  const search = page.getByLabel('Cerca un comune per nome o codice ISTAT');
  await search.fill('milano');
  await expect(page.getByRole('status').filter({ hasText: /^\d+ comun[ei] corrispond(e|ono) alla ricerca\.$/ })).toBeVisible();
  await pick(page, 'Milano (015146)');
  await search.fill('legn');
  await pick(page, 'Legnano (015118)');
  await expect(page.getByText('2 comuni selezionati')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rimuovi Milano' })).toBeVisible();
  await expect(page.getByLabel('Nessuna adesione')).toBeChecked();
  await expectNoAxeViolations(page);
  await screenshot(page, '2-rilevanza');
  await page.getByRole('button', { name: 'Avanti' }).click();

  // 3. The checklist asks for the act and the balance; each file uploads with its own progress bar.
  await expectStep(page, 3, 'Documenti');
  const checklist = page.getByRole('list', { name: 'Documenti richiesti per questa domanda' });
  await expect(checklist).toContainText('Atto adottato (obbligatorio): da caricare');
  await expect(checklist).toContainText('Bilancio delle diffusività territoriali (obbligatorio): da caricare');
  await expect(checklist).not.toContainText('Delibera di adesione');
  await expectNoAxeViolations(page);
  await page.getByLabel('Scegli il file: Atto adottato').setInputFiles(pdf('delibera-adozione.pdf'));
  await expect(page.getByText('File caricato: «delibera-adozione.pdf»')).toBeVisible();
  await page.getByLabel('Scegli il file: Bilancio delle diffusività territoriali').setInputFiles(pdf('bilancio-diffusivita.pdf'));
  await expect(page.getByText('File caricato: «bilancio-diffusivita.pdf»')).toBeVisible();

  // 20 MB over a throttled link (16 MB/s), so the progress bar is there long enough to be seen.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 16 * 1024 * 1024,
  });
  await page
    .getByLabel('Aggiungi altri elaborati')
    .setInputFiles({ name: 'tavole-di-piano.pdf', mimeType: 'application/pdf', buffer: pdfOfSize(20 * 1024 * 1024) });
  const progress = page.getByRole('progressbar', { name: /^Caricamento di «tavole-di-piano\.pdf»: \d+%$/ });
  await expect(progress).toBeVisible();
  await expect(checklist).toContainText('caricamento di «tavole-di-piano.pdf» in corso');
  await expect(page.getByText('File caricato: «tavole-di-piano.pdf» (20 MB)')).toBeVisible({ timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(checklist).toContainText('Altri elaborati (facoltativo): caricato «tavole-di-piano.pdf» (20 MB)');
  await expectNoAxeViolations(page);
  await screenshot(page, '3-documenti');
  await page.getByRole('button', { name: 'Avanti' }).click();

  // 4. Review: everything listed before sending.
  await expectStep(page, 4, 'Riepilogo');
  const main = page.getByRole('main');
  await expect(main).toContainText('Variante al PGT');
  await expect(main).toContainText(number);
  await expect(main).toContainText('30/10/2026');
  await expect(main).toContainText('Milano (015146), Legnano (015118)');
  await expect(main).toContainText('Nessuna adesione');
  for (const name of ['delibera-adozione.pdf', 'bilancio-diffusivita.pdf', 'tavole-di-piano.pdf (20 MB)'])
    await expect(main).toContainText(name);
  await expectNoAxeViolations(page);
  await screenshot(page, '4-riepilogo');
  await page.getByRole('button', { name: 'Invia la domanda' }).click();

  // 5. The receipt, from the API: reference, inbound protocol number, the 120-day term with its source.
  await expectStep(page, 5, 'Ricevuta');
  await expect(page).toHaveURL(/\/comune\/nuova-valutazione\/ricevuta\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Domanda inviata e protocollata.')).toBeVisible();
  await expect(page.getByTestId('receipt-reference')).toHaveText(/^VC-\d{4}-\d{6}$/);
  await expect(page.getByTestId('receipt-protocol')).toHaveText(/^\d{4}\/\d{7}$/);
  const term = page.getByTestId('receipt-term');
  await expect(term).toContainText(/Parere di compatibilità al PTM: entro il \d{2}\/\d{2}\/\d{4}/);
  await expect(term).toContainText('Fonte normativa: LR 12/2005 art. 13 c.5');
  await expect(term).toContainText('120 giorni');
  await expect(page.getByRole('table', { name: 'Documenti protocollati, con la loro impronta' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('button', { name: 'Stampa o salva la ricevuta in PDF' })).toBeVisible();
  // The receipt is also a document the API filed on the case: downloaded, a PDF/A-2b act (veraPDF) stating the same facts.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Scarica la ricevuta ricevuta-VC-\d{4}-\d{6}\.pdf$/ }).click(),
  ]);
  const { receipt } = await validatePdfa({ receipt: readFileSync((await download.path()) as string) }, { text: true });
  expect(pdfaViolations(receipt)).toEqual([]);
  const receiptText = (receipt.text ?? '').replace(/\s+/g, ' ');
  expect(receiptText).toContain(`Protocollo generale n. ${await page.getByTestId('receipt-protocol').textContent()} del `);
  expect(receiptText).toContain(`Pratica: ${await page.getByTestId('receipt-reference').textContent()}`);
  expect(receiptText).toContain(`Protocollo in entrata: n. ${await page.getByTestId('receipt-protocol').textContent()}`);
  expect(receiptText).toMatch(/Termine: Parere di compatibilità al PTM entro il \d{2}\/\d{2}\/\d{4} \(LR 12\/2005 art\. 13 c\.5\)/);
  expect(receiptText).toContain('Documenti depositati (3)');
  expect(await savedDrafts(page)).toEqual([]);
  await expectNoAxeViolations(page);
  await screenshot(page, '5-ricevuta');

  const reference = (await page.getByTestId('receipt-reference').textContent()) ?? '';
  await page.getByRole('link', { name: `Apri la pratica ${reference}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
});

test('the whole wizard works with the keyboard only', async ({ page }) => {
  const number = deliberationNumber('K');
  await page.goto(WIZARD);
  await signInOnProviderPage(page, 'comune-rho');
  await expect(page).toHaveURL(/\/comune\/nuova-valutazione$/);
  await expectStep(page, 1, 'Atto adottato');

  // The skip link first, then straight into the form.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Vai al contenuto principale' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const actType = page.getByLabel('Tipo di atto');
  await expect(actType).toBeFocused();
  await page.keyboard.type('Variante');
  await expect(actType).toHaveValue('variante-pgt');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Numero della delibera di adozione')).toBeFocused();
  await page.keyboard.type(number);
  await page.keyboard.press('Tab');
  const date = page.getByLabel('Data della delibera di adozione');
  await expect(date).toBeFocused();
  // The segments' order follows the browser's own language (dd/mm in Italian, mm/dd in the
  // test's Chromium, which ships only en-US): a day equal to its month reads the same in both.
  await page.keyboard.type('10102026');
  await expect(date).toHaveValue('2026-10-10');
  await tabTo(page, page.getByLabel("Descrizione dell'atto"));
  await page.keyboard.type('Variante parziale al PGT compilata da tastiera');
  await tabTo(page, page.getByRole('button', { name: 'Avanti' }));
  await page.keyboard.press('Enter');

  // 2: a radio group takes one Tab and Space; the list is filtered by typing.
  await expectStep(page, 2, 'Rilevanza e adesione');
  await expect(stepHeading(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Sì, dichiaro la rilevanza sovracomunale')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Sì, dichiaro la rilevanza sovracomunale')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Cerca un comune per nome o codice ISTAT')).toBeFocused();
  await page.keyboard.type('Legnano');
  await page.keyboard.press('Tab');
  const legnano = page.getByLabel('Legnano (015118)', { exact: true });
  await expect(legnano).toBeFocused();
  await page.keyboard.press('Space');
  await expect(legnano).toBeChecked();
  // Adhesion case b, by the arrow keys of its radio group.
  await tabTo(page, page.getByLabel('Nessuna adesione'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Caso b')).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Avanti' }));
  await page.keyboard.press('Enter');

  // 3: each file input reached by Tab; the OS dialog cannot be driven, so the file is set on the focused input.
  await expectStep(page, 3, 'Documenti');
  await expect(stepHeading(page)).toBeFocused();
  const checklist = page.getByRole('list', { name: 'Documenti richiesti per questa domanda' });
  await expect(checklist).toContainText('Delibera di adesione alle STTM e al Fondo perequativo (obbligatorio): da caricare');
  // Going on without the documents is refused, and focus lands on the first one missing.
  await tabTo(page, page.getByRole('button', { name: 'Avanti' }));
  await page.keyboard.press('Enter');
  const adoptedAct = page.getByLabel('Scegli il file: Atto adottato');
  await expect(adoptedAct).toBeFocused();
  await expect(page.getByTestId('error-summary')).toContainText('Carica il documento richiesto: Atto adottato.');
  await page.locator(':focus').setInputFiles(pdf('atto-tastiera.pdf'));
  await expect(page.getByText('File caricato: «atto-tastiera.pdf»')).toBeVisible();
  await tabTo(page, page.getByLabel('Scegli il file: Bilancio delle diffusività territoriali'));
  await page.locator(':focus').setInputFiles(pdf('bilancio-tastiera.pdf'));
  await expect(page.getByText('File caricato: «bilancio-tastiera.pdf»')).toBeVisible();
  await tabTo(page, page.getByLabel('Scegli il file: Delibera di adesione alle STTM e al Fondo perequativo'));
  await page.locator(':focus').setInputFiles(pdf('adesione-tastiera.pdf'));
  await expect(page.getByText('File caricato: «adesione-tastiera.pdf»')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Avanti' }));
  await page.keyboard.press('Enter');

  // 4: back one step with Shift+Tab and Enter on "Indietro", then forward again, then send.
  await expectStep(page, 4, 'Riepilogo');
  await expect(page.getByRole('main')).toContainText('Caso b');
  await tabTo(page, page.getByRole('button', { name: 'Invia la domanda' }));
  await tabTo(page, page.getByRole('button', { name: 'Indietro' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expectStep(page, 3, 'Documenti');
  await tabTo(page, page.getByRole('button', { name: 'Avanti' }));
  await page.keyboard.press('Enter');
  await expectStep(page, 4, 'Riepilogo');
  await tabTo(page, page.getByRole('button', { name: 'Invia la domanda' }));
  await page.keyboard.press('Enter');

  // 5: the receipt, and the case page through its link.
  await expectStep(page, 5, 'Ricevuta');
  await expect(stepHeading(page)).toBeFocused();
  await expect(page.getByTestId('receipt-protocol')).toHaveText(/^\d{4}\/\d{7}$/);
  await expect(page.getByTestId('receipt-term')).toContainText(/entro il \d{2}\/\d{2}\/\d{4}/);
  const reference = (await page.getByTestId('receipt-reference').textContent()) ?? '';
  const caseLink = page.getByRole('link', { name: `Apri la pratica ${reference}` });
  await tabTo(page, caseLink);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
});

test('a reload in the middle keeps the answers and the documents already uploaded; a refused file type is explained', async ({ page }) => {
  const number = deliberationNumber('L');
  await page.goto(WIZARD);
  await signInOnProviderPage(page, 'comune-rho');
  await page.getByLabel('Tipo di atto').selectOption({ label: 'Piano attuativo' });
  await page.getByLabel('Numero della delibera di adozione').fill(number);
  await page.getByLabel('Data della delibera di adozione').fill('2026-09-15');
  await page.getByLabel("Descrizione dell'atto").fill('Piano attuativo del comparto nord');
  await page.getByRole('button', { name: 'Avanti' }).click();
  await pick(page, 'No');
  await pick(page, 'Caso a');
  await page.getByRole('button', { name: 'Avanti' }).click();
  await expectStep(page, 3, 'Documenti');
  await page.getByLabel('Scegli il file: Atto adottato').setInputFiles(pdf('piano-attuativo.pdf'));
  await expect(page.getByText('File caricato: «piano-attuativo.pdf»')).toBeVisible();

  // A Windows executable is refused by the API (415): the reason is said in Italian, next to the file, with a way out.
  await page.getByLabel('Aggiungi altri elaborati').setInputFiles({
    name: 'programma.exe',
    mimeType: 'application/octet-stream',
    buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 1)]),
  });
  const refusal = page.getByRole('alert').filter({ hasText: 'Il file «programma.exe» non è stato accettato' });
  await expect(refusal).toContainText('Tipi ammessi: PDF (PDF/A)');
  await expect(refusal.getByRole('button', { name: 'Riprova il caricamento di «programma.exe»' })).toBeVisible();
  await expectNoAxeViolations(page);
  await refusal.getByRole('button', { name: 'Lascia perdere «programma.exe»' }).click();
  await expect(refusal).toHaveCount(0);

  expect(await savedDrafts(page)).toEqual([`${DRAFT_PREFIX}comune-rho`]);
  await page.reload();
  // The provider's session signs the clerk in again without a form; the wizard comes back where it was.
  await expectStep(page, 3, 'Documenti');
  const checklist = page.getByRole('list', { name: 'Documenti richiesti per questa domanda' });
  await expect(checklist).toContainText('Atto adottato (obbligatorio): caricato «piano-attuativo.pdf»');
  await expect(checklist).toContainText('Delibera di adesione alle STTM e al Fondo perequativo (obbligatorio): da caricare');
  await page.getByLabel('Scegli il file: Delibera di adesione alle STTM e al Fondo perequativo').setInputFiles(pdf('adesione.pdf'));
  await expect(page.getByText('File caricato: «adesione.pdf»')).toBeVisible();

  await page.getByRole('button', { name: 'Indietro' }).click();
  await expect(page.getByLabel('No', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Caso a')).toBeChecked();
  await page.getByRole('button', { name: 'Indietro' }).click();
  await expect(page.getByLabel('Tipo di atto')).toHaveValue('piano-attuativo');
  await expect(page.getByLabel('Numero della delibera di adozione')).toHaveValue(number);
  await expect(page.getByLabel('Data della delibera di adozione')).toHaveValue('2026-09-15');

  for (let step = 0; step < 3; step += 1) await page.getByRole('button', { name: 'Avanti' }).click();
  await expectStep(page, 4, 'Riepilogo');
  await expect(page.getByRole('main')).toContainText('piano-attuativo.pdf');
  await expect(page.getByRole('main')).toContainText('adesione.pdf');
  await page.getByRole('button', { name: 'Invia la domanda' }).click();
  await expectStep(page, 5, 'Ricevuta');
  const files = page.getByRole('table', { name: 'Documenti protocollati, con la loro impronta' });
  await expect(files).toContainText('piano-attuativo.pdf');
  await expect(files).toContainText('adesione.pdf');
  expect(await savedDrafts(page)).toEqual([]);

  // The receipt page itself survives a reload (read back from the API), and reads in English too.
  await page.reload();
  await expectStep(page, 5, 'Ricevuta');
  await expect(page.getByTestId('receipt-protocol')).toHaveText(/^\d{4}\/\d{7}$/);
  await page.getByRole('button', { name: /^EN — / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New compatibility evaluation request');
  await expect(page.getByRole('heading', { level: 2, name: 'Step 5 of 5 Receipt' })).toBeVisible();
  await expect(page.getByTestId('receipt-term')).toContainText('Legal source: LR 12/2005 art. 13 c.5');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /^IT — / }).click();
});
