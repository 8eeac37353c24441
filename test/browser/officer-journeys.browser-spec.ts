import type { Locator } from '@playwright/test';
import {
  api,
  apiToken,
  expect,
  expectNoAxeViolations,
  minimalPdf,
  seedCompatibilityEvaluation,
  signInOnProviderPage,
  cadesEnvelope,
  test,
  waitForMail,
} from './fixtures';

/** Picks the option whose text contains `text` (a document option also names its kind and version). */
async function pickOption(select: Locator, text: string): Promise<void> {
  const value = await select.locator('option', { hasText: text }).getAttribute('value');
  expect(value).toBeTruthy();
  await select.selectOption(value as string);
}

test('an officer finds a case by its deadline, requests an integration and sees the term suspended with its explanation', async ({
  page,
}) => {
  const seeded = await seedCompatibilityEvaluation('comune-rho');
  await page.goto('/');
  await signInOnProviderPage(page, 'funzionario1');
  await expect(page.getByRole('heading', { level: 1, name: 'Scadenze' })).toBeVisible();

  // Scadenze, narrowed to the municipality and the procedure: the case is found by its term.
  const filters = page.getByRole('form', { name: 'Filtri' });
  await filters.getByLabel('Comune').selectOption({ label: 'Rho (015182)' });
  await filters.getByLabel('Procedimento').selectOption({ label: 'Valutazione di compatibilità al PTM' });
  await filters.getByRole('button', { name: 'Applica' }).click();
  await expect(page).toHaveURL(/istat=015182/);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: seeded.reference }) });
  await expect(row).toContainText('Parere di compatibilità al PTM');
  await expect(row).toContainText('LR 12/2005 art. 13 c.5');
  await expect(row).toContainText('In corso');
  await row.getByRole('link', { name: seeded.reference }).click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText(seeded.reference);
  const request = page.getByRole('form', { name: 'Richiedi integrazioni' });
  await request.getByLabel('Elementi mancanti').fill('Relazione geologica\nTavola dei vincoli paesaggistici');
  await request.getByLabel('Note').fill('Documenti da trasmettere via PEC.');
  await request.getByRole('button', { name: 'Conferma' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Richiedi integrazioni' })).toBeAttached();

  // The opinion term stops: suspended since today, no countdown, and the explanation says why,
  // under which provision, until when at most, and what the due date would be on resuming today.
  const terms = page.getByRole('region', { name: 'Termini' });
  const opinion = terms.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Parere di compatibilità al PTM' }) });
  await expect(opinion).toContainText(/Sospeso dal \d{2}\/\d{2}\/\d{4}/);
  await expect(opinion).toContainText('Termine di 120 giorni dal');
  await expect(opinion).toContainText(
    'richiesta di integrazioni: Relazione geologica; Tavola dei vincoli paesaggistici (L. 241/1990 art. 2 c.7)',
  );
  await expect(opinion).toContainText('la sospensione dura al massimo 30 giorni');
  await expect(opinion).toContainText(/Se la sospensione terminasse il \d{2}\/\d{2}\/\d{4}, la scadenza sarebbe il \d{2}\/\d{2}\/\d{4}/);
  // The municipality's answer term runs in its place.
  await expect(terms.getByRole('row').filter({ hasText: 'Risposta del Comune alla richiesta di integrazioni' })).toContainText('In corso');
  await expectNoAxeViolations(page);

  // Back on Scadenze the suspended terms (no due date while the clock is stopped) are one filter away.
  await page.getByRole('link', { name: 'Scadenze' }).click();
  await page.getByRole('form', { name: 'Filtri' }).getByLabel('Stato del termine').selectOption({ label: 'Sospeso' });
  await page.getByRole('form', { name: 'Filtri' }).getByRole('button', { name: 'Applica' }).click();
  await expect(page).toHaveURL(/state=suspended/);
  const suspended = page.getByRole('row').filter({ has: page.getByRole('link', { name: seeded.reference }) });
  await expect(suspended).toContainText(/Sospeso dal \d{2}\/\d{2}\/\d{4}/);
  await expect(suspended).toContainText('richiesta di integrazioni: Relazione geologica');
  await expectNoAxeViolations(page);
});

test('a manager issues the opinion with a signed document; an unsigned one is refused next to its field, in Italian', async ({ page }) => {
  const seeded = await seedCompatibilityEvaluation('comune-legnano');
  await api(await apiToken('funzionario1'), 'POST', `/compatibility-evaluations/${seeded.caseId}/completeness`);
  await page.goto(`/pratiche/${seeded.caseId}`);
  await signInOnProviderPage(page, 'dirigente');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(seeded.reference);

  const upload = async (kind: string, title: string, file: { name: string; mimeType: string; buffer: Buffer }) => {
    const form = page.getByRole('form', { name: 'Carica un documento' });
    await form.getByLabel('Tipo di documento').selectOption({ label: kind });
    await form.getByLabel('Oggetto').fill(title);
    await form.getByLabel('File').setInputFiles(file);
    await form.getByRole('button', { name: 'Carica' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Documento «${title}» caricato.` })).toBeAttached();
    await expect(page.getByRole('region', { name: 'Documenti' }).getByRole('rowheader', { name: title })).toBeVisible();
  };
  await upload('Parere firmato digitalmente', 'Parere (bozza non firmata)', {
    name: 'parere.pdf',
    mimeType: 'application/pdf',
    buffer: minimalPdf('parere non firmato'),
  });

  const opinion = page.getByRole('form', { name: 'Emetti il parere (atto firmato)' });
  await opinion.getByLabel('Esito').selectOption({ label: 'Favorevole con prescrizioni' });
  await opinion.getByLabel('Prescrizioni').fill('Mitigazione acustica lungo la ferrovia');
  await pickOption(opinion.getByLabel('Documento'), 'Parere (bozza non firmata)');
  await opinion.getByRole('button', { name: 'Conferma' }).click();
  // The API refuses the unsigned act (422, invalid-params on documentId): the reason sits next to the field.
  const documentField = opinion.getByLabel('Documento');
  await expect(documentField).toHaveAttribute('aria-invalid', 'true');
  await expect(opinion).toContainText("l'atto deve essere firmato digitalmente");
  await expect(page.getByRole('form', { name: 'Emetti il parere (atto firmato)' })).toBeVisible();

  await upload('Parere firmato digitalmente', 'Parere di compatibilità firmato', {
    name: 'parere.pdf.p7m',
    mimeType: 'application/pkcs7-mime',
    buffer: await cadesEnvelope('parere'),
  });
  await opinion.getByLabel('Esito').selectOption({ label: 'Favorevole con prescrizioni' });
  await opinion.getByLabel('Prescrizioni').fill('Mitigazione acustica lungo la ferrovia');
  await pickOption(opinion.getByLabel('Documento'), 'Parere di compatibilità firmato');
  await opinion.getByRole('button', { name: 'Conferma' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Emetti il parere (atto firmato)' })).toBeAttached();

  // Closed with the opinion: no action left, the term met, the act on the timeline, the municipality told by PEC.
  await expect(page.getByRole('region', { name: 'Azioni disponibili' })).toContainText('Nessuna azione');
  const terms = page.getByRole('region', { name: 'Termini' });
  await expect(terms.getByRole('row').filter({ hasText: 'Parere di compatibilità al PTM' })).toContainText('Rispettato');
  await expect(page.getByRole('region', { name: 'Cronologia' })).toContainText('Parere di compatibilità emesso');
  await expect(page.getByRole('region', { name: 'Comunicazioni' })).toContainText('protocollo.015118@pec.comuni.invalid');
  await expectNoAxeViolations(page);
  const mail = await waitForMail(
    (m) => m.text.includes(seeded.reference) && /parere/i.test(m.subject) && m.to.some((to) => to.address.includes('015118')),
  );
  expect(mail.text).toContain(`/pratiche/${seeded.caseId}#documento-`);
});
