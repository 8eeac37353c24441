// Every page of the officers' workspace and of the municipalities' side, signed in with the role that uses it, in both
// languages: zero WCAG 2.1 A/AA violations (axe), one h1, the page's language on <html>.
import {
  expect,
  expectNoAxeViolations,
  RHO,
  seedAgreementAwaitingSignatures,
  seedAnnualCall,
  seedCompatibilityEvaluation,
  signAgreementAs,
  signInOnProviderPage,
  test,
  waitUntilNotified,
  type SeededUsername,
} from './fixtures';

const PAGES: { path: string; heading: string; headingEn: string; user: SeededUsername }[] = [
  { path: '/scadenze', heading: 'Scadenze', headingEn: 'Deadlines', user: 'funzionario2' },
  { path: '/pratiche', heading: 'Pratiche', headingEn: 'Cases', user: 'funzionario2' },
  { path: '/avvisi', heading: 'Avvisi', headingEn: 'Alerts', user: 'dirigente' },
  { path: '/posta-da-smistare', heading: 'Posta da smistare', headingEn: 'Mail to sort', user: 'dirigente' },
  { path: '/amministrazione/comuni', heading: 'Comuni: indirizzi PEC', headingEn: 'Municipalities: PEC addresses', user: 'amministratore' },
  // The statement is a legal text published in Italian (marked lang="it"); English readers get a note.
  {
    path: '/dichiarazione-accessibilita',
    heading: 'Dichiarazione di accessibilità',
    headingEn: 'Dichiarazione di accessibilità',
    user: 'funzionario2',
  },
  { path: '/fondo', heading: 'Fondo perequativo metropolitano', headingEn: 'Metropolitan equalisation fund', user: 'dirigente' },
  { path: '/comune', heading: 'Il mio Comune', headingEn: 'My municipality', user: 'comune-milano' },
  { path: '/convocazioni', heading: 'Convocazioni', headingEn: 'Convocations', user: 'sindaco-milano' },
  { path: '/comune/avviso-annuale', heading: 'Avviso annuale', headingEn: 'Annual call', user: 'comune-milano' },
  { path: '/comune/accordi', heading: 'Accordi territoriali', headingEn: 'Territorial agreements', user: 'sindaco-rho' },
  { path: '/pagina-che-non-esiste', heading: 'Pagina non trovata', headingEn: 'Page not found', user: 'funzionario2' },
];

test.beforeAll(async () => {
  // Pages with rows, not only their empty states.
  await seedCompatibilityEvaluation('comune-milano');
  await waitUntilNotified('comune-milano', (await seedAnnualCall()).caseId);
  await seedAgreementAwaitingSignatures();
});

for (const { path, heading, headingEn, user } of PAGES) {
  test(`${path} passes axe in Italian and in English`, async ({ page }) => {
    await page.goto(path);
    if (path !== '/dichiarazione-accessibilita') await signInOnProviderPage(page, user);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    await expect(page.locator('.spinner-border, [aria-busy="true"]')).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: /^EN — / }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(headingEn);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectNoAxeViolations(page);
  });
}

test('the case page passes axe in Italian and in English, with documents, notices and timeline filled', async ({ page }) => {
  const seeded = await seedCompatibilityEvaluation('comune-milano');
  await page.goto(`/pratiche/${seeded.caseId}`);
  await signInOnProviderPage(page, 'funzionario2');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(seeded.reference);
  await expect(page.getByTestId('chain-verification')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /^EN — / }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Terms' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a call's page passes axe in Italian and in English, with its criteria, window and proposal form", async ({ page }) => {
  const call = await seedAnnualCall();
  await page.goto(`/comune/avviso-annuale/${call.caseId}`);
  await signInOnProviderPage(page, 'comune-milano');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Avviso annuale ${call.year}`);
  await expect(page.getByRole('table', { name: "Criteri e pesi fissati all'apertura dell'avviso" })).toBeVisible();
  await expect(page.locator('[role="status"]:has(.progress-spinner)')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /^EN — / }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Annual call ${call.year}`);
  await expectNoAxeViolations(page);
});

test("an agreement's page passes axe in Italian and in English, with a party signed, the other's forms, its commitments and term", async ({
  page,
}) => {
  const agreement = await seedAgreementAwaitingSignatures();
  await signAgreementAs('comune-rho', agreement.caseId);
  await page.goto(`/comune/accordi/${agreement.caseId}`);
  await signInOnProviderPage(page, 'comune-legnano');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(agreement.subject);
  await expect(page.getByRole('form', { name: 'Firma l’accordo' })).toBeVisible();
  await expect(page.getByTestId(`signature-${RHO}`)).toContainText('Firmato');
  await expect(page.locator('.spinner-border, [aria-busy="true"]')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /^EN — / }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'The parties, their commitments and signatures' })).toBeVisible();
  await expectNoAxeViolations(page);
});
