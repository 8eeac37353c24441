import { expect, seedCompatibilityEvaluation, signInOnProviderPage, test, waitForMail } from './fixtures';

test("a notice's case link opens the case page after sign-in", async ({ page }) => {
  const seeded = await seedCompatibilityEvaluation('comune-milano');
  // The filing is acknowledged to the municipality and to the officers, each with the case link.
  const mail = await waitForMail((m) => m.text.includes(`/pratiche/${seeded.caseId}`));
  const link = new RegExp(`https?://[^\\s"<>]+/pratiche/${seeded.caseId}`).exec(mail.text)?.[0];
  expect(link).toBeDefined();
  expect(link?.startsWith(process.env.WEB_URL as string)).toBe(true);

  await page.goto(link as string);
  await signInOnProviderPage(page, 'funzionario1');
  await expect(page).toHaveURL(new RegExp(`/pratiche/${seeded.caseId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(seeded.reference);
});
