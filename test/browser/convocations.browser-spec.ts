import { api, apiToken, expect, expectNoAxeViolations, minimalPdf, signInOnProviderPage, test, waitForMail } from './fixtures';

const RHO = '015182';
const LEGNANO = '015118';

/** A session `days` from today at 09:30–12:30 Rome time (winter: UTC+1), far enough for the convocation notice. */
const sessionIn = (days: number) => {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return {
    startsAt: `${day}T09:30:00+01:00`,
    endsAt: `${day}T12:30:00+01:00`,
    place: 'Palazzo Isimbardi, via Vivaio 1, Milano — sala Affreschi',
  };
};

test("a mayor's office answers a convocation with a delegate, adds it to its calendar, and the delegate is invited too", async ({
  page,
}) => {
  const subject = `Variante al PGT di Rho — polo logistico ${Date.now() % 100000}`;
  const conference = await api<{ caseId: string; reference: string }>(await apiToken('funzionario1'), 'POST', '/concertation-conferences', {
    subject,
    agenda: 'Bilancio delle diffusività territoriali; misure di compensazione',
    municipalities: [RHO, LEGNANO],
    firstSession: sessionIn(20),
  });

  await page.goto('/');
  await signInOnProviderPage(page, 'sindaco-rho');
  await page.getByRole('link', { name: 'Convocazioni' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Convocazioni' })).toBeVisible();
  const section = page.getByRole('region', { name: subject });
  await expect(section).toContainText('Bilancio delle diffusività territoriali');
  const session = section.getByRole('article');
  await expect(session).toContainText('Palazzo Isimbardi');
  await expect(session).toContainText('In attesa di risposta');
  await expect(session).toContainText('NdA');
  await expectNoAxeViolations(page);

  const download = page.waitForEvent('download');
  await session.getByRole('button', { name: 'Aggiungi al calendario (.ics)' }).click();
  const ics = await (await download).path();
  // Long lines are folded (RFC 5545 §3.1): unfold before reading.
  const text = (await import('node:fs/promises').then((fs) => fs.readFile(ics, 'utf8'))).replace(/\r\n /g, '');
  expect(text).toContain('BEGIN:VCALENDAR');
  expect(text).toContain(`UID:${conference.caseId}.`);
  expect(text).toContain('SEQUENCE:0');

  const answer = session.getByRole('form', { name: 'Rispondi alla convocazione' });
  await answer.getByLabel('Risposta').selectOption({ label: 'Partecipa con un delegato' });
  await answer.getByLabel('Nome').fill('Arch. Luisa Verdi');
  await answer.getByLabel('Ruolo').fill('Responsabile urbanistica');
  await answer.getByLabel('E-mail').fill('l.verdi@comune.rho.mi.invalid');
  await answer.getByRole('button', { name: 'Conferma' }).click();
  await expect(session).toContainText(
    'Partecipa con un delegato: Arch. Luisa Verdi (Responsabile urbanistica, l.verdi@comune.rho.mi.invalid)',
  );
  await expectNoAxeViolations(page);

  // A written contribution, with its document uploaded to the conference first.
  const upload = section.getByRole('form', { name: 'Carica un documento' });
  await upload.getByLabel('Tipo di documento').selectOption({ label: 'Contributo scritto' });
  await upload.getByLabel('Oggetto').fill('Osservazioni del Comune di Rho sul bilancio delle diffusività');
  await upload
    .getByLabel('File')
    .setInputFiles({ name: 'contributo-rho.pdf', mimeType: 'application/pdf', buffer: minimalPdf('contributo') });
  await upload.getByRole('button', { name: 'Carica' }).click();
  const contribution = section.getByRole('form', { name: 'Invia un contributo scritto' });
  await contribution.locator('label', { hasText: 'Osservazioni del Comune di Rho' }).click();
  await contribution.getByLabel('Note').fill('Si chiede di valutare la viabilità della SP 229.');
  await contribution.getByRole('button', { name: 'Conferma' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invia un contributo scritto' })).toBeAttached();

  // The delegate gets the convocation as well, with the same calendar event.
  const mail = await waitForMail((m) => m.to.some((to) => to.address === 'l.verdi@comune.rho.mi.invalid'));
  expect(mail.text).toContain(subject.split(' — ')[0]);
});

test("a mayor's office answers through the personal link of its convocation, without signing in, and then sees the answer recorded", async ({
  page,
}) => {
  const subject = `Variante al PGT di Legnano — area ex Cantoni ${Date.now() % 100000}`;
  await api(await apiToken('funzionario1'), 'POST', '/concertation-conferences', {
    subject,
    agenda: 'Bilancio delle diffusività',
    municipalities: [RHO, LEGNANO],
    firstSession: sessionIn(22),
  });
  // The convocation reaches Legnano's PEC with a link that answers for Legnano and this session only.
  const mail = await waitForMail((m) => m.text.includes(subject) && m.to.some((to) => to.address.includes(LEGNANO)));
  // The link opens the web application's page, the token in the fragment (never sent to a server with the page).
  const link = /https?:\/\/[^\s"<>]+\/risposta-convocazione#[A-Za-z0-9._~-]+/.exec(mail.text)?.[0];
  expect(link).toBeDefined();

  await page.goto(link as string);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Risposta alla convocazione');
  await expect(page.getByText('Collegamento personale di Comune di Legnano')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: subject })).toBeVisible();
  await expect(page.getByTestId('answer-link-answer')).toHaveText('In attesa di risposta');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /^EN — / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Answer to the convocation');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /^IT — / }).click();

  // A delegate without an address: the API's refusal is shown next to the field, nothing is recorded.
  const form = page.getByRole('form', { name: 'Rispondi alla convocazione' });
  await form.getByLabel('Risposta').selectOption('delegated');
  await form.getByRole('button', { name: 'Conferma' }).click();
  await expect(form.getByText('obbligatorio quando si indica un delegato').first()).toBeVisible();
  await form.getByLabel('Risposta').selectOption('confirmed');
  await form.getByRole('button', { name: 'Conferma' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Risposta registrata: Partecipa' })).toBeVisible();

  // Opened again, the used link shows the recorded answer and no form.
  await page.reload();
  await expect(page.getByTestId('answer-link-answer')).toContainText('Partecipa');
  await expect(page.getByRole('form', { name: 'Rispondi alla convocazione' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Signed in, the mayor's office finds the answer the link recorded.
  await page.goto('/convocazioni');
  await signInOnProviderPage(page, 'sindaco-legnano');
  await expect(page.getByRole('region', { name: subject }).getByRole('article')).toContainText('Partecipa');
  await expect(page.getByRole('region', { name: subject }).getByRole('article')).not.toContainText('In attesa di risposta');
});

test('a clerk of a municipality not convened sees no convocation', async ({ page }) => {
  const subject = `Variante al PGT di Rho — ambito nord ${Date.now() % 100000}`;
  await api(await apiToken('funzionario1'), 'POST', '/concertation-conferences', {
    subject,
    agenda: 'Bilancio',
    municipalities: [RHO, LEGNANO],
    firstSession: sessionIn(25),
  });
  await page.goto('/convocazioni');
  await signInOnProviderPage(page, 'comune-milano');
  await expect(page.getByRole('heading', { level: 1, name: 'Convocazioni' })).toBeVisible();
  await expect(page.getByText(subject)).toHaveCount(0);
});
