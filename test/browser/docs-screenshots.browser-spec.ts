// The README's screenshots, retaken on demand (CMM_SCREENSHOTS=1 CMM_BROWSER=1 npm test, or the
// browser tier alone): each page as its user sees it, with data seeded the way users make it.
import { join } from 'node:path';
import {
  RHO,
  api,
  apiToken,
  expect,
  seedAgreementAwaitingSignatures,
  seedAnnualCall,
  seedCompatibilityEvaluation,
  signAgreementAs,
  waitForMail,
  signInOnProviderPage,
  test,
  upload,
  waitUntilNotified,
} from './fixtures';

const SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

test.skip(process.env.CMM_SCREENSHOTS !== '1', 'screenshots are retaken on demand (CMM_SCREENSHOTS=1)');

test('officers and municipalities: the pages of the README', async ({ page }) => {
  const milano = await seedCompatibilityEvaluation('comune-milano');
  const rho = await seedCompatibilityEvaluation('comune-rho');
  await seedCompatibilityEvaluation('comune-legnano');
  const officer = await apiToken('funzionario1');
  await api(officer, 'POST', `/compatibility-evaluations/${milano.caseId}/integration-requests`, {
    missing: ['Relazione geologica', 'Tavola dei vincoli'],
    note: 'Trasmettere via PEC.',
  });
  await api(officer, 'POST', `/compatibility-evaluations/${rho.caseId}/completeness`);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await signInOnProviderPage(page, 'funzionario1');
  await expect(page.getByRole('heading', { level: 1, name: 'Scadenze' })).toBeVisible();
  await expect(page.getByRole('link', { name: rho.reference })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'web-scadenze.png'), fullPage: true });

  await page.goto('/pratiche');
  await expect(page.getByRole('link', { name: milano.reference })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'web-pratiche.png'), fullPage: true });

  await page.goto(`/pratiche/${milano.caseId}`);
  await expect(page.getByTestId('chain-verification')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Termini' })).toContainText('Se la sospensione terminasse');
  await page.screenshot({ path: join(SHOTS, 'web-case-page.png'), fullPage: true });

  await page.goto('/avvisi');
  await expect(page.getByRole('heading', { level: 1, name: 'Avvisi' })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'web-avvisi.png'), fullPage: true });

  await page.context().clearCookies();
  const clerk = await page.context().newPage();
  await clerk.setViewportSize({ width: 1280, height: 900 });
  await clerk.goto('/comune');
  await signInOnProviderPage(clerk, 'comune-milano');
  await expect(clerk.getByRole('region', { name: 'Da fare ora' }).getByRole('link', { name: milano.reference })).toBeVisible();
  await clerk.screenshot({ path: join(SHOTS, 'web-comune-home.png'), fullPage: true });

  // The annual call as Milano's clerk reads it, with a proposal already sent.
  const call = await seedAnnualCall();
  await waitUntilNotified('comune-milano', call.caseId);
  const milanoToken = await apiToken('comune-milano');
  await api(milanoToken, 'POST', '/annual-calls/proposals', {
    year: call.year,
    kind: 'building-regeneration',
    title: 'Rigenerazione della ex caserma di via Mascia',
    description: 'Servizi di quartiere e residenze per studenti nella ex caserma',
    costCents: 2_500_000_00,
    cofinancingCents: 500_000_00,
    location: 'Via Mascia, foglio 12, mappale 34',
    sttm: [1, 2],
    uploadIds: [await upload(milanoToken, 'proposal', 'Relazione tecnica')],
  });
  await clerk.goto(`/comune/avviso-annuale/${call.caseId}`);
  await expect(clerk.getByRole('article', { name: /^P-1 — / })).toBeVisible();
  await clerk.screenshot({ path: join(SHOTS, 'web-avviso-annuale.png'), fullPage: true });

  const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await api(officer, 'POST', '/concertation-conferences', {
    subject: 'Variante al PGT di Rho — polo logistico nord',
    agenda: 'Bilancio delle diffusività territoriali; misure di compensazione; ipotesi di accordo',
    municipalities: ['015146', '015182'],
    firstSession: {
      startsAt: `${day}T09:30:00+01:00`,
      endsAt: `${day}T12:30:00+01:00`,
      place: 'Palazzo Isimbardi, via Vivaio 1, Milano — sala Affreschi',
    },
  });
  const mayor = await page.context().newPage();
  await mayor.setViewportSize({ width: 1280, height: 900 });
  await page.context().clearCookies();
  await mayor.goto('/convocazioni');
  await signInOnProviderPage(mayor, 'sindaco-milano');
  await expect(mayor.getByRole('article').first()).toContainText('Palazzo Isimbardi');
  await mayor.screenshot({ path: join(SHOTS, 'web-convocazioni.png'), fullPage: true });

  // The same convocation opened from the personal link in Rho's PEC, without signing in.
  const convocation = await waitForMail((m) => m.text.includes('polo logistico nord') && m.to.some((to) => to.address.includes('015182')));
  const link = /https?:\/\/[^\s"<>]+\/risposta-convocazione#[A-Za-z0-9._~-]+/.exec(convocation.text)?.[0] as string;
  const linkPage = await page
    .context()
    .browser()!
    .newPage({ viewport: { width: 1280, height: 900 } });
  await linkPage.goto(link);
  await expect(linkPage.getByRole('form', { name: 'Rispondi alla convocazione' })).toBeVisible();
  await linkPage.screenshot({ path: join(SHOTS, 'web-risposta-convocazione.png'), fullPage: true });
  await linkPage.close();

  // The territorial agreement as Legnano's clerk reads it once Rho has signed.
  const agreement = await seedAgreementAwaitingSignatures(
    'Polo logistico nord di Rho: viabilità sovracomunale e monitoraggio del traffico',
  );
  await signAgreementAs('comune-rho', agreement.caseId);
  const party = await page.context().newPage();
  await party.setViewportSize({ width: 1280, height: 900 });
  await page.context().clearCookies();
  await party.goto(`/comune/accordi/${agreement.caseId}`);
  await signInOnProviderPage(party, 'comune-legnano');
  await expect(party.getByTestId(`signature-${RHO}`)).toContainText('Firmato');
  await expect(party.getByRole('form', { name: 'Firma l’accordo' })).toBeVisible();
  await party.screenshot({ path: join(SHOTS, 'web-accordo.png'), fullPage: true });

  // Legnano signs: in force, the agreement posts Rho's contribution to the Fund, which Rho's mayor's office reads.
  await signAgreementAs('comune-legnano', agreement.caseId);
  const fund = await page.context().newPage();
  await fund.setViewportSize({ width: 1280, height: 900 });
  await page.context().clearCookies();
  await fund.goto('/fondo');
  await signInOnProviderPage(fund, 'sindaco-rho');
  await expect(
    fund
      .getByRole('region', { name: 'Impegni', exact: true })
      .getByRole('row')
      .filter({ hasText: 'Quota dei contributi aggiuntivi al Fondo' }),
  ).toBeVisible();
  await fund.screenshot({ path: join(SHOTS, 'web-fondo.png'), fullPage: true });
});
