// The annual call from the municipality's side, on the real stack: an officer opens it through the
// API, Milano's clerk finds it on Il mio Comune, reads it, downloads its notice, proposes with a
// document and corrects the proposal; Rho's clerk reads the same call and never sees Milano's
// proposal. The window lasts 60 days of real time here, so eligibility and the ranking (after
// the window) are covered by test/e2e/annual-call.e2e-spec.ts on the time-skipping server and by
// the page's component test.
import { readFile } from 'node:fs/promises';
import { pdfaViolations, validatePdfa } from '../support/pdfa-validator';
import { expect, expectNoAxeViolations, minimalPdf, seedAnnualCall, signInOnProviderPage, test, waitUntilNotified } from './fixtures';

const TITLE = 'Rigenerazione della ex caserma di via Mascia';
const CORRECTED = 'Rigenerazione della ex caserma di via Mascia, lotto unico';

test.describe.configure({ mode: 'serial' });

test('a clerk of an adhering municipality reads the call, proposes with a document, and corrects the proposal', async ({ page }) => {
  const call = await seedAnnualCall();
  await waitUntilNotified('comune-milano', call.caseId);

  await page.goto('/comune');
  await signInOnProviderPage(page, 'comune-milano');
  // The open call is something to do now, with its last day, the days left and its source.
  const item = page
    .getByRole('region', { name: 'Da fare ora' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: call.reference }) });
  await expect(item.getByRole('heading', { name: "Presentazione delle proposte all'avviso annuale" })).toBeVisible();
  await expect(item).toContainText(/\d+ giorni \(\d+ giorni lavorativi\)/);
  await expect(item).toContainText('NdA PTM art. 14');
  await item.getByRole('link', { name: "Presenta o correggi una proposta all'avviso annuale" }).click();

  await expect(page).toHaveURL(new RegExp(`/comune/avviso-annuale/${call.caseId}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Avviso annuale ${call.year}` })).toBeVisible();
  const criteria = page.getByRole('table', { name: "Criteri e pesi fissati all'apertura dell'avviso" });
  await expect(criteria.getByRole('row').filter({ hasText: 'Coerenza con la STTM 1 – sostenibilità e rigenerazione' })).toContainText(
    '25%',
  );
  await expect(page.getByRole('region', { name: 'Termine per le proposte' })).toContainText(
    'NdA PTM art. 14 (termine non indicato dalla norma)',
  );
  await expect(page.getByRole('region', { name: 'Criteri di valutazione' })).toContainText('ordine di arrivo al protocollo');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: new RegExp(`scarica l'avviso ${call.year} \\(PDF/A\\)`) }).click(),
  ]);
  // The notice is the act itself, a PDF/A document: validated, then read back.
  const { notice } = await validatePdfa({ notice: await readFile((await download.path()) as string) }, { text: true });
  expect(pdfaViolations(notice)).toEqual([]);
  expect((notice.text ?? '').replace(/\s+/g, ' ')).toContain(`Avviso annuale ex art. 14 NdA PTM – anno ${call.year}`);
  await expectNoAxeViolations(page);

  // Nothing filled: each missing answer is said next to its field, and nothing is sent.
  const form = page.getByRole('form', { name: 'Presenta una proposta' });
  await form.getByRole('button', { name: 'Invia la proposta' }).click();
  await expect(form.getByRole('group', { name: /STTM interessate/ })).toContainText('Campo obbligatorio');
  await expect(form.getByLabel(/Costo dell'intervento/)).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await form.locator('label', { hasText: 'Edificio da rigenerare' }).click();
  await form.getByLabel(/^Titolo/).fill(TITLE);
  await form.getByLabel(/^Descrizione/).fill('Servizi di quartiere e residenze per studenti nella ex caserma');
  await form.getByLabel(/Costo dell'intervento/).fill('2.500.000,00');
  await form.getByLabel(/Cofinanziamento del Comune/).fill('500.000');
  await form.getByLabel(/^Localizzazione/).fill('Via Mascia, foglio 12, mappale 34');
  for (const label of ['STTM 1', 'STTM 2']) await form.locator('label', { hasText: label }).click();
  await form
    .getByLabel(/Documenti della proposta/)
    .setInputFiles({ name: 'relazione-tecnica.pdf', mimeType: 'application/pdf', buffer: minimalPdf('relazione tecnica') });
  await form.getByRole('button', { name: 'Invia la proposta' }).click();

  const receipt = page.getByTestId('proposal-receipt');
  await expect(receipt).toContainText('Proposta presentata');
  await expect(receipt.getByRole('definition').filter({ hasText: /^\d{4}\/\d{7}$/ })).toBeVisible();
  const card = page.getByRole('article', { name: `P-1 — ${TITLE}` });
  await expect(card).toContainText('2.500.000,00 €');
  await expect(card).toContainText('Non ancora decisa');
  await expectNoAxeViolations(page);

  // The correction: the whole proposal as it should be, the amounts shown back in euro.
  await card.getByRole('button', { name: 'Correggi la proposta P-1' }).click();
  const correction = page.getByRole('form', { name: 'Correggi la proposta P-1' });
  await expect(correction.getByLabel(/Cofinanziamento del Comune/)).toHaveValue('500.000,00');
  await correction.getByLabel(/^Titolo/).fill(CORRECTED);
  await correction.getByLabel(/Costo dell'intervento/).fill('2.750.000,50');
  await correction.getByRole('button', { name: 'Invia la correzione' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Proposta P-1 corretta.' })).toBeAttached();
  const corrected = page.getByRole('article', { name: `P-1 — ${CORRECTED}` });
  await expect(corrected).toContainText('2.750.000,50 €');
  await expect(corrected).toContainText(/Correzioni\s*protocollo \d{4}\/\d{7} del \d{2}\/\d{2}\/\d{4}/);
  await expectNoAxeViolations(page);
});

test("a clerk of another municipality reads the call but not the first one's proposal", async ({ page }) => {
  const call = await seedAnnualCall();
  await waitUntilNotified('comune-rho', call.caseId);
  await page.goto('/comune');
  await signInOnProviderPage(page, 'comune-rho');
  await page
    .getByRole('navigation', { name: /navigazione/i })
    .getByRole('link', { name: 'Avviso annuale' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Avviso annuale' })).toBeVisible();
  await page
    .getByRole('table', { name: /Avvisi annuali notificati al Comune/ })
    .getByRole('link', { name: `Avviso annuale ${call.year}` })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: `Avviso annuale ${call.year}` })).toBeVisible();
  const proposals = page.getByRole('region', { name: 'Le proposte del Comune' });
  await expect(proposals).toContainText('Il Comune non ha presentato proposte a questo avviso.');
  await expect(page.getByText(TITLE)).toHaveCount(0);
  await expect(page.getByText(CORRECTED)).toHaveCount(0);
  await expect(proposals.getByRole('form', { name: 'Presenta una proposta' })).toBeVisible();
});
