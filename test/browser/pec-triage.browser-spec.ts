import { ImapFlow } from 'imapflow';
import { buildPecEnvelope } from '../../libs/notifications/src/certified/pec-envelope.builder';
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

const MILANO = '015146';
const CMM_PEC = 'protocollo@pec.cittametropolitana.milano.it';

interface PecInboxItem {
  id: string;
  subject: string | null;
  status: string;
  protocolNumber: string | null;
}

/** Delivers a PEC envelope to CMM's mailbox as the provider does: an IMAP APPEND to INBOX. */
async function deliverToMailbox(raw: Buffer): Promise<void> {
  const url = new URL(process.env.PEC_MAILBOX_URL ?? '');
  const client = new ImapFlow({
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    // Cleartext on loopback: the test server's STARTTLS certificate is its own, not a CA's.
    doSTARTTLS: false,
    auth: { user: decodeURIComponent(url.username), pass: process.env.PEC_MAILBOX_PASSWORD ?? '' },
    logger: false,
  });
  await client.connect();
  try {
    await client.append('INBOX', raw);
  } finally {
    await client.logout();
  }
}

test('a PEC from a municipality that names no case waits in «Posta da smistare»; an officer files it to the case', async ({ page }) => {
  const officer = await apiToken('funzionario1');
  const seeded = await seedCompatibilityEvaluation('comune-milano');
  const { items: municipalities } = await api<{ items: { istatCode: string; pec: string | null }[] }>(officer, 'GET', '/municipalities');
  const milanoPec = municipalities.find((m) => m.istatCode === MILANO)?.pec;
  expect(milanoPec, 'the seeded stack gives Milano a PEC on file').toBeTruthy();

  // The subject names no case: the ingester cannot file it and leaves it to the officers.
  const subject = `Trasmissione delle controdeduzioni alle osservazioni ${Date.now() % 100000}`;
  const { raw } = await buildPecEnvelope({
    sender: milanoPec as string,
    recipient: CMM_PEC,
    subject,
    text: 'Si trasmettono in allegato le controdeduzioni approvate dalla Giunta comunale.',
    attachments: [{ filename: 'controdeduzioni.pdf', content: minimalPdf('Controdeduzioni'), contentType: 'application/pdf' }],
    sentAt: new Date(),
  });
  await deliverToMailbox(raw);
  await expect
    .poll(async () => (await api<{ items: PecInboxItem[] }>(officer, 'GET', '/pec-inbox')).items.some((m) => m.subject === subject), {
      message: 'the notifier reads the mailbox and registers the PEC',
      timeout: 60_000,
    })
    .toBe(true);

  await page.goto('/');
  await signInOnProviderPage(page, 'funzionario1');
  await page.getByRole('link', { name: 'Posta da smistare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Posta da smistare' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(subject) });
  await expect(row).toContainText('Comune di Milano');
  // Why it waits, in the officer's language.
  await expect(row).toContainText("l'oggetto e il testo non indicano alcuna pratica");
  await expectNoAxeViolations(page);

  await row.getByRole('button', { name: `Apri il messaggio «${subject}»` }).click();
  const detail = page.getByRole('region', { name: subject });
  await expect(detail).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Scarica il messaggio originale certificato postacert.eml' })).toBeVisible();
  await expect(detail.getByRole('button', { name: "Scarica l'allegato controdeduzioni.pdf" })).toBeVisible();
  await expectNoAxeViolations(page);

  // A reference that is no case is refused next to its field, and nothing is filed.
  const filing = detail.getByRole('form', { name: 'Assegna a una pratica' });
  await filing.getByLabel('Riferimento della pratica').fill('VC-1999-999999');
  await filing.getByRole('button', { name: 'Assegna alla pratica' }).click();
  await expect(filing.getByLabel('Riferimento della pratica')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await filing.getByLabel('Riferimento della pratica').fill(seeded.reference);
  await filing.getByRole('button', { name: 'Assegna alla pratica' }).click();
  await expect(page.getByText(`Messaggio assegnato alla pratica ${seeded.reference}.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(subject) })).toHaveCount(0);

  // The case now holds the certified message and its attachment, and its timeline says so.
  const documents = await api<{ items: { kind: string; title: string }[] }>(officer, 'GET', `/cases/${seeded.caseId}/documents`);
  expect(documents.items.map((d) => d.kind)).toEqual(expect.arrayContaining(['pec-inbound', 'pec-inbound-attachment']));
  await page.goto(`/pratiche/${seeded.caseId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(seeded.reference);
  await expect(page.getByText(subject).first()).toBeVisible();
  await expect(page.getByText('PEC ricevuta e protocollata').first()).toBeVisible();
  await page.screenshot({ path: '.data/browser-results/pec-triage-filed-case.png', fullPage: true });
});
