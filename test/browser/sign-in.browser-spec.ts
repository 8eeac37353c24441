import { expect, expectNoAxeViolations, signInOnProviderPage, test } from './fixtures';

test('an officer signs in through the development provider and lands on Scadenze', async ({ page }) => {
  await page.goto('/');
  await signInOnProviderPage(page, 'funzionario1');
  await expect(page.getByRole('heading', { level: 1, name: 'Scadenze' })).toBeVisible();
  await expect(page).toHaveURL(/\/(scadenze)?(\?.*)?$/);
  await expectNoAxeViolations(page);
});

test("the provider's sign-in page says it is for development and passes the accessibility check", async ({ page }) => {
  await page.goto('/scadenze');
  await expect(page.getByRole('heading', { level: 1, name: 'Accesso di sviluppo' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expectNoAxeViolations(page);
});
