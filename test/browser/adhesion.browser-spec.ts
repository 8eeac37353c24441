import { expect, expectNoAxeViolations, minimalPdf, signInOnProviderPage, test } from './fixtures';

test('a clerk reads what adhering opens, then sends the adhesion deliberation and gets its protocol number', async ({ page }) => {
  await page.goto('/comune');
  await signInOnProviderPage(page, 'comune-legnano');
  await page.getByRole('link', { name: 'Adesione' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Adesione alle STTM e al Fondo perequativo' })).toBeVisible();
  const advantages = page.getByRole('region', { name: "Che cosa apre l'adesione" });
  await expect(advantages).toContainText("partecipare all'avviso annuale");
  await expect(advantages).toContainText('NdA PTM art. 11 e 14');
  await expectNoAxeViolations(page);

  // Nothing filled: each missing answer is said next to its field, and nothing is sent.
  await page.getByRole('button', { name: "Trasmetti l'adesione" }).click();
  await expect(page.getByRole('group', { name: /STTM a cui il Comune aderisce/ })).toContainText('Campo obbligatorio');
  await expect(page.getByRole('group', { name: /Caso di adesione/ })).toContainText('Campo obbligatorio');
  await expectNoAxeViolations(page);

  const number = String(Date.now() % 100000);
  await page.getByLabel('Numero della delibera di adesione').fill(number);
  await page.getByLabel('Data della delibera').fill('2026-11-20');
  for (const label of ['STTM 1', 'STTM 2']) await page.locator('label', { hasText: label }).click();
  await page.locator('label', { hasText: 'in via autonoma' }).click();
  await expect(page.getByTestId('adhesion-case-effect')).toContainText(
    "senza un piano o una proposta in corso: l'adesione vale per i procedimenti successivi",
  );
  await page
    .getByLabel('Delibera di adesione (file)')
    .setInputFiles({ name: 'delibera-adesione.pdf', mimeType: 'application/pdf', buffer: minimalPdf(`delibera ${number}`) });
  await page.getByRole('button', { name: "Trasmetti l'adesione" }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Adesione trasmessa' })).toBeVisible();
  await expect(page.getByTestId('adhesion-reference')).toHaveText(/^AD-\d{4}-\d{6}$/);
  // The receipt the API filed on the case (a PDF/A act) is offered right away.
  await expect(page.getByRole('button', { name: /^Scarica la ricevuta ricevuta-AD-\d{4}-\d{6}\.pdf$/ })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^\d{4}\/\d{7}$/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: /Apri la pratica/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^AD-/);
});
