import {
  api,
  apiToken,
  expect,
  expectNoAxeViolations,
  minimalPdf,
  seedCompatibilityEvaluation,
  signInOnProviderPage,
  test,
} from './fixtures';

test('a clerk sees on Il mio Comune the integration to send, with its term, and sends it from the case page', async ({ page }) => {
  const seeded = await seedCompatibilityEvaluation('comune-milano');
  await api(await apiToken('funzionario1'), 'POST', `/compatibility-evaluations/${seeded.caseId}/integration-requests`, {
    missing: ['Relazione geologica'],
    note: 'Trasmettere entro il termine indicato.',
  });

  await page.goto('/');
  await signInOnProviderPage(page, 'comune-milano');
  // A municipality's home is Il mio Comune, not the officers' Scadenze.
  await expect(page).toHaveURL(/\/comune$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Il mio Comune' })).toBeVisible();
  const todo = page.getByRole('region', { name: 'Da fare ora' });
  const item = todo.getByRole('listitem').filter({ has: page.getByRole('link', { name: seeded.reference }) });
  await expect(item.getByRole('heading', { name: 'Risposta del Comune alla richiesta di integrazioni' })).toBeVisible();
  await expect(item).toContainText(/\d+ giorni \(\d+ giorni lavorativi\)/);
  await expect(item).toContainText('L. 241/1990');
  await expectNoAxeViolations(page);
  await item.getByRole('link', { name: 'Trasmetti le integrazioni' }).click();

  await expect(page).toHaveURL(new RegExp(`/pratiche/${seeded.caseId}#azioni$`));
  // What the officer asked for, in the officer's words, with the step that asked it.
  const request = page.getByRole('region', { name: 'Cronologia' }).getByRole('row').filter({ hasText: 'Integrazioni richieste al Comune' });
  await expect(request).toContainText('Elementi mancanti: Relazione geologica');
  await expect(request).toContainText('Note: Trasmettere entro il termine indicato.');
  const upload = page.getByRole('form', { name: 'Carica un documento' });
  await upload.getByLabel('Tipo di documento').selectOption({ label: 'Integrazione documentale' });
  await upload.getByLabel('Oggetto').fill('Relazione geologica');
  await upload
    .getByLabel('File')
    .setInputFiles({ name: 'relazione-geologica.pdf', mimeType: 'application/pdf', buffer: minimalPdf('relazione geologica') });
  await upload.getByRole('button', { name: 'Carica' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Documento «Relazione geologica» caricato.' })).toBeAttached();

  const send = page.getByRole('form', { name: 'Trasmetti le integrazioni' });
  await send.getByRole('button', { name: 'Conferma' }).click();
  await expect(send.getByText('Campo obbligatorio')).toBeVisible();
  // Bootstrap Italia draws the checkbox on its label (the input itself is visually hidden): click it as a user would.
  await send
    .getByRole('group', { name: /Documenti/ })
    .locator('label', { hasText: 'Relazione geologica' })
    .click();
  await expect(send.getByRole('checkbox', { name: /Relazione geologica/ })).toBeChecked();
  await send.getByRole('button', { name: 'Conferma' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Trasmetti le integrazioni' })).toBeAttached();
  // The answer met the municipality's term and the opinion term runs again.
  const terms = page.getByRole('region', { name: 'Termini' });
  await expect(terms.getByRole('row').filter({ hasText: 'Risposta del Comune alla richiesta di integrazioni' })).toContainText(
    'Rispettato',
  );
  await expect(terms.getByRole('row').filter({ hasText: 'Parere di compatibilità al PTM' })).toContainText('In corso');
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Il mio Comune' }).click();
  await expect(page.getByRole('region', { name: 'Da fare ora' }).getByRole('link', { name: seeded.reference })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Le pratiche del Comune' }).getByRole('link', { name: seeded.reference })).toBeVisible();
});

test('a clerk of another municipality sees none of it: not on the home, 404 on the case page', async ({ page }) => {
  const seeded = await seedCompatibilityEvaluation('comune-milano');
  await page.goto('/comune');
  await signInOnProviderPage(page, 'comune-legnano');
  await expect(page.getByRole('heading', { level: 1, name: 'Il mio Comune' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Le pratiche del Comune' })).not.toContainText('Milano');
  await expect(page.getByRole('link', { name: seeded.reference })).toHaveCount(0);
  await page.goto(`/pratiche/${seeded.caseId}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(seeded.reference)).toHaveCount(0);
  await expect(page.getByRole('alert')).toContainText(/non trovat|404/i);
});
