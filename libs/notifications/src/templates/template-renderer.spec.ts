import { TEMPLATE_IDS } from '../notification.types';
import { formatDate, formatDateTime } from './template-data';
import { renderTemplate } from './template-renderer';

const data = {
  caseReference: 'CE-2026-0042',
  caseTitle: 'Variante al PGT di Abbiategrasso',
  caseUrl: 'https://procedimenti.cittametropolitana.mi.it/cases/0b4b2c1e',
  municipalityName: 'Abbiategrasso',
  deadline: { date: '2026-12-07', legalSource: 'LR 12/2005 art. 13 c.5', label: { it: 'Il parere', en: 'The opinion' } },
  session: { start: '2026-07-01T08:30:00Z', location: 'Palazzo Isimbardi, Milano' },
  outcome: 'favourable-with-prescriptions',
  daysLeft: 7,
  year: 2026,
  day: '2026-11-20',
  items: [{ caseReference: 'CE-2026-0001', caseTitle: 'PGT Milano', deadline: { date: '2026-11-23', legalSource: 'L. 241/1990 art. 2' }, caseUrl: 'https://x/cases/1' }],
};

describe('notice templates', () => {
  it.each(TEMPLATE_IDS.flatMap((id) => (['it', 'en'] as const).map((locale) => [id, locale] as const)))(
    '%s in %s has subject, text and HTML with the case, the deadline and its legal source',
    (id, locale) => {
      const message = renderTemplate(id, locale, data, { name: 'Ufficio del Sindaco' });
      expect(message.subject).not.toMatch(/[\r\n]|undefined|\bnull\b|\[object/);
      expect(message.subject.length).toBeGreaterThan(5);
      for (const body of [message.text, message.html]) {
        expect(body).not.toMatch(/undefined|\[object Object\]/);
        expect(body).toContain('CE-2026-0042');
        expect(body).toContain('07/12/2026');
        expect(body).toContain('LR 12/2005 art. 13 c.5');
        expect(body).toContain('https://procedimenti.cittametropolitana.mi.it/cases/0b4b2c1e');
      }
      expect(message.html).toMatch(/^<!DOCTYPE html><html lang="(it|en)">/);
    },
  );

  it('is Italian by default wording and English on request', () => {
    expect(renderTemplate('integration-requested', 'it', data).subject).toBe('Richiesta di integrazioni – pratica CE-2026-0042');
    expect(renderTemplate('integration-requested', 'en', data).subject).toBe('Request for additional documents – case CE-2026-0042');
    expect(renderTemplate('opinion-issued', 'it', data).text).toContain('favorevole con prescrizioni');
    expect(renderTemplate('deadline-reminder', 'it', data).text).toContain('scade tra 7 giorni, il 07/12/2026');
  });

  it('shows conference times in Rome, as dd/mm/yyyy HH:mm', () => {
    // 08:30 UTC on 1 July is 10:30 in Rome (summer time).
    expect(renderTemplate('conference-convocation', 'it', data).text).toContain('Seduta: 01/07/2026 10:30 (ora di Roma)');
  });

  it('invites to the conferenza istruttoria with its own wording, session in Rome time and the availability of the proposal', () => {
    const invitation = { ...data, sttmNumber: 1, availableOn: '2026-05-04', legalSource: 'NdA PTM art. 7bis c.4', session: { date: '2026-06-10', time: '10:30', location: 'Palazzo Isimbardi, Milano' } };
    const itMessage = renderTemplate('conferenza-istruttoria-invitation', 'it', invitation);
    expect(itMessage.subject).toBe('Invito alla conferenza istruttoria sulla STTM 1 – pratica CE-2026-0042');
    expect(itMessage.text).not.toMatch(/concertazione|art\. 10/);
    expect(itMessage.text).toContain('Seduta: 10/06/2026 10:30 (ora di Roma)');
    expect(itMessage.text).toContain('Luogo: Palazzo Isimbardi, Milano');
    expect(itMessage.text).toContain('La proposta è a disposizione dal 04/05/2026');
    expect(itMessage.text).toContain('Riferimento normativo: NdA PTM art. 7bis c.4');
    expect(itMessage.html).toContain('https://procedimenti.cittametropolitana.mi.it/cases/0b4b2c1e');
    const en = renderTemplate('conferenza-istruttoria-invitation', 'en', invitation);
    expect(en.text).toContain('Session: 10/06/2026 10:30 (Rome time)');
    expect(en.text).toContain('available since 04/05/2026');
    // An instant is still read in Europe/Rome.
    expect(renderTemplate('conferenza-istruttoria-invitation', 'it', data).text).toContain('Seduta: 01/07/2026 10:30 (ora di Roma)');
  });

  it('escapes data in HTML and keeps the subject on one line', () => {
    const hostile = { ...data, caseTitle: '<script>alert(1)</script>\r\nBcc: x@y.z', caseReference: 'A&B' };
    const message = renderTemplate('case-closed', 'it', hostile);
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;');
    expect(message.html).toContain('A&amp;B');
    expect(message.subject).not.toMatch(/[\r\n]/);
  });

  it('lists every case of the officer digest', () => {
    const message = renderTemplate('officer-daily-digest', 'it', data);
    expect(message.subject).toBe('Scadenze del giorno 20/11/2026: 1');
    expect(message.text).toContain('23/11/2026 · CE-2026-0001 – PGT Milano (L. 241/1990 art. 2)');
  });
});

describe('Italian dates', () => {
  it('prints civil dates as they are and instants in Europe/Rome', () => {
    expect(formatDate('2026-02-28')).toBe('28/02/2026');
    // 23:30 UTC on 31 Dec is already 1 Jan in Rome.
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('01/01/2027');
    expect(formatDateTime('2026-01-15T09:05:00Z')).toBe('15/01/2026 10:05');
  });
});
