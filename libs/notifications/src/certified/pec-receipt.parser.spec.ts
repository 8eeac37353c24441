import MailComposer from 'nodemailer/lib/mail-composer';
import { daticertInstant, parseDaticert } from './daticert';
import { buildDaticert, buildPecReceipt } from './pec-receipt.builder';
import { PecReceiptParser } from './pec-receipt.parser';

const spec = {
  kind: 'avvenuta-consegna' as const,
  referencedMessageId: '<6f1d2c3e-1111-4222-8333-944445555666@notifiche.cittametropolitana.mi.it>',
  sender: 'protocollo@pec.cittametropolitana.milano.it',
  recipient: 'comune.abbiategrasso@pec.regione.lombardia.it',
  subject: 'Convocazione conferenza di concertazione',
  issuedAt: new Date('2026-03-02T09:15:30Z'),
};

describe('PEC receipts', () => {
  const parser = new PecReceiptParser();

  it('reads kind, reference, certified time and recipient from headers and daticert.xml', async () => {
    const receipt = await parser.parse(await buildPecReceipt({ ...spec, receiptMessageId: '<opec-1@pec.test>' }));
    expect(receipt).toEqual({
      kind: 'avvenuta-consegna',
      receiptMessageId: '<opec-1@pec.test>',
      referencedMessageId: spec.referencedMessageId,
      issuedAt: spec.issuedAt,
      recipient: spec.recipient,
      error: null,
      errorDetail: null,
      provider: 'Gestore PEC di prova',
      providerMessageId: expect.stringMatching(/^opec-/),
    });
  });

  it('reads a mancata consegna with its error', async () => {
    const receipt = await parser.parse(
      await buildPecReceipt({ ...spec, kind: 'errore-consegna', error: 'no-dest', errorDetail: '5.1.1 casella inesistente' }),
    );
    expect(receipt).toMatchObject({
      kind: 'errore-consegna',
      error: 'no-dest',
      errorDetail: '5.1.1 casella inesistente',
      recipient: spec.recipient,
    });
  });

  it('writes daticert in the standard form (zona, giorno dd/mm/yyyy, ora in Rome)', () => {
    const xml = buildDaticert(spec);
    expect(xml).toContain('<postacert tipo="avvenuta-consegna" errore="nessuno">');
    expect(xml).toContain('<data zona="+0100">');
    expect(xml).toContain('<giorno>02/03/2026</giorno>');
    expect(xml).toContain('<ora>10:15:30</ora>');
    expect(xml).toContain('<msgid>&lt;6f1d2c3e-1111-4222-8333-944445555666@notifiche.cittametropolitana.mi.it&gt;</msgid>');
    expect(parseDaticert(xml)).toMatchObject({
      tipo: 'avvenuta-consegna',
      errore: null,
      consegna: spec.recipient,
      data: '2026-03-02T09:15:30.000Z',
    });
  });

  it('converts the daticert time with its zone', () => {
    expect(daticertInstant('31/07/2026', '18:00:00', '+0200')).toBe('2026-07-31T16:00:00.000Z');
    expect(daticertInstant('31/07/2026', '18:00', '+0200')).toBeNull();
  });

  it('refuses a receipt whose header and daticert disagree', async () => {
    const raw = await new MailComposer({
      from: 'posta-certificata@pec.test',
      to: spec.sender,
      subject: 'CONSEGNA: x',
      messageId: '<opec-2@pec.test>',
      headers: { 'X-Ricevuta': 'accettazione', 'X-Riferimento-Message-ID': spec.referencedMessageId },
      attachments: [{ filename: 'daticert.xml', content: buildDaticert(spec) }],
    })
      .compile()
      .build();
    await expect(parser.parse(raw)).rejects.toThrow(/disagrees/);
  });

  it('says null for an ordinary message', async () => {
    const raw = await new MailComposer({ from: 'a@b.it', to: 'c@d.it', subject: 'ciao', text: 'ciao', messageId: '<x@y>' })
      .compile()
      .build();
    expect(await parser.parse(raw)).toBeNull();
  });
});
