import { TEMPLATE_IDS } from '../notification.types';
import { formatDate, formatDateTime } from './template-data';
import { noticeSubject, renderTemplate } from './template-renderer';

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
  items: [
    {
      caseReference: 'CE-2026-0001',
      caseTitle: 'PGT Milano',
      deadline: { date: '2026-11-23', legalSource: 'L. 241/1990 art. 2' },
      caseUrl: 'https://x/cases/1',
    },
  ],
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
    const invitation = {
      ...data,
      sttmNumber: 1,
      availableOn: '2026-05-04',
      legalSource: 'NdA PTM art. 7bis c.4',
      session: { date: '2026-06-10', time: '10:30', location: 'Palazzo Isimbardi, Milano' },
    };
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

/** What each notice must tell its recipient to act on: the data the producers send, in the words the recipient reads. */
describe('notice contents', () => {
  const base = {
    caseReference: 'VC-2026-0007',
    caseTitle: 'Variante al PGT — Comune di Rho',
    caseUrl: 'https://p.example/cases/c1',
    municipality: 'Rho',
  };
  const both = (message: { text: string; html: string }, needle: string) => {
    expect(message.text).toContain(needle);
    expect(message.html).toContain(needle.replace(/'/g, '&#39;'));
  };

  it('integration request: what is missing, the note, the due date with its legal source, the effect on the term', () => {
    const request = {
      ...base,
      missing: ['Relazione geologica', 'Tavola dei vincoli aggiornata'],
      note: 'Inviare in formato PDF/A firmato',
      effect: 'suspend',
      deadline: { date: '2027-01-15', legalSource: 'Nessun termine di legge (valore predefinito collegato a L. 241/1990 art. 2 c.7)' },
    };
    const message = renderTemplate('integration-requested', 'it', request);
    both(message, 'entro il 15/01/2027');
    both(message, 'Documentazione da integrare:');
    both(message, 'Relazione geologica');
    both(message, 'Tavola dei vincoli aggiornata');
    both(message, "Nota dell'ufficio: Inviare in formato PDF/A firmato");
    both(message, 'Riferimento normativo: Nessun termine di legge'.replace('Riferimento normativo: ', ''));
    expect(message.text).toContain(
      'Riferimento normativo: Nessun termine di legge (valore predefinito collegato a L. 241/1990 art. 2 c.7)',
    );
    expect(message.text).toContain('sospeso fino alla ricezione delle integrazioni');
    expect(message.text).toContain('- Relazione geologica');
    const interrupting = renderTemplate('integration-requested', 'it', { ...request, effect: 'interrupt' }).text;
    expect(interrupting).toContain('interrotto e ricomincia a decorrere per intero');
    expect(interrupting).not.toContain('sospeso');
    const en = renderTemplate('integration-requested', 'en', request).text;
    expect(en).toContain('Documents to add:');
    expect(en).toContain('Note from the office: Inviare in formato PDF/A firmato');
  });

  it('receipt: the due date and its legal source, counted from the receipt (not from "complete documentation")', () => {
    const receipt = {
      ...base,
      protocolNumber: '2026/0000123',
      receivedOn: '2026-03-02',
      deadline: { date: '2026-06-30', legalSource: 'LR 12/2005 art. 13 c.5' },
    };
    const message = renderTemplate('submission-received', 'it', receipt);
    both(message, 'decorre dalla ricezione del 02/03/2026 e scade il 30/06/2026 (LR 12/2005 art. 13 c.5)');
    expect(message.text).toContain('Protocollo: 2026/0000123');
    expect(message.text).toContain('Ricevuta il: 02/03/2026');
    expect(message.text).toContain('del Comune di Rho');
    expect(message.text).not.toMatch(/completa|complete/);
    expect(renderTemplate('submission-received', 'en', receipt).text).toContain(
      'runs from the receipt of 02/03/2026 and ends on 30/06/2026 (LR 12/2005 art. 13 c.5)',
    );
    // Without a term (a procedure with none), no sentence about one.
    expect(renderTemplate('submission-received', 'it', { ...base, receivedOn: '2026-03-02' }).text).not.toContain('termine');
  });

  it('opinion: protocol number, outcome, prescriptions, reasons and the link to the act', () => {
    const opinion = {
      ...base,
      protocolNumber: '2026/0000456',
      outcome: 'favourable-with-prescriptions',
      prescriptions: 'Ridurre la superficie dell’ambito AT3 del 20%',
      reasons: 'Consumo di suolo oltre la soglia',
      documentUrl: 'https://p.example/cases/c1/documents/d1/versions/1/content',
      documentName: 'parere.pdf',
    };
    const message = renderTemplate('opinion-issued', 'it', opinion);
    both(message, 'protocollo n. 2026/0000456');
    expect(message.text).toContain('Protocollo: 2026/0000456');
    expect(message.text).toContain('Esito: favorevole con prescrizioni');
    both(message, 'Prescrizioni: Ridurre la superficie dell’ambito AT3 del 20%');
    both(message, 'Motivazione: Consumo di suolo oltre la soglia');
    both(message, "L'atto del parere (parere.pdf) si può scaricare da: https://p.example/cases/c1/documents/d1/versions/1/content");
    const listed = renderTemplate('opinion-issued', 'it', {
      ...opinion,
      prescriptions: ['Mitigazione acustica', 'Fascia verde di 20 m'],
    }).text;
    expect(listed).toContain('Prescrizioni: Mitigazione acustica; Fascia verde di 20 m');
    const en = renderTemplate('opinion-issued', 'en', opinion).text;
    expect(en).toContain('Outcome: favourable with prescriptions');
    expect(en).toContain('registry number 2026/0000456');
    expect(en).toContain('can be downloaded from: https://p.example/cases/c1/documents/d1/versions/1/content');
  });

  it('conference update: says an answer is needed again and what was answered before', () => {
    const update = {
      ...base,
      conferenceSubject: 'Polo logistico di Rho',
      session: { start: '2027-02-10T09:00:00Z', end: '2027-02-10T11:00:00Z', location: 'Palazzo Isimbardi' },
      previousAnswer: { answer: 'delegated', delegateName: 'Anna Bianchi', answeredAt: '2027-01-20T10:00:00Z' },
      answerUrl: 'https://p.example/conference-answers/tok',
    };
    const message = renderTemplate('conference-update', 'it', update);
    both(message, 'La risposta data per la data precedente il 20/01/2027 (partecipazione di un delegato (Anna Bianchi)) resta agli atti');
    both(message, 'è necessaria una nuova risposta');
    expect(message.text).toContain('Oggetto: Polo logistico di Rho');
    expect(message.text).toContain('Seduta: 10/02/2027 10:00 – 12:00 (ora di Roma)');
    expect(renderTemplate('conference-update', 'it', { ...update, previousAnswer: undefined }).text).toContain(
      'È necessaria una risposta alla convocazione per la nuova data.',
    );
    expect(renderTemplate('conference-update', 'en', update).text).toContain('a new answer is needed');
  });

  it("delegate's copy of a convocation: whom the delegate represents, and no answer link", () => {
    const copy = {
      ...base,
      session: { start: '2027-02-10T09:00:00Z' },
      delegateCopy: true,
      delegateFor: 'Comune di Rho',
      answerUrl: 'https://p.example/conference-answers/tok',
    };
    const message = renderTemplate('conference-convocation', 'it', copy);
    both(message, 'come delegato di Comune di Rho');
    expect(message.text).not.toContain('conference-answers');
  });

  it('minutes: the link to the minutes and the written-contributions due date with its source', () => {
    const minutes = {
      ...base,
      documentUrl: 'https://p.example/cases/c1/documents/m1/versions/1/content',
      documentName: 'verbale.pdf',
      deadline: { date: '2027-03-01', legalSource: 'NdA PTM art. 10 (termine non indicato dalla norma)' },
    };
    const message = renderTemplate('conference-minutes', 'it', minutes);
    both(message, 'Il verbale (verbale.pdf) si può scaricare da: https://p.example/cases/c1/documents/m1/versions/1/content');
    both(message, 'entro il 01/03/2027');
    expect(message.text).toContain('Riferimento normativo: NdA PTM art. 10 (termine non indicato dalla norma)');
  });

  it('annual call: the notice protocol number and the link to the notice', () => {
    const call = {
      ...base,
      year: 2027,
      noticeProtocolNumber: '2027/0000009',
      documentUrl: 'https://p.example/cases/a1/documents/n1/versions/1/content',
      deadline: { date: '2027-04-30', legalSource: 'NdA PTM art. 14 (termine non indicato dalla norma)' },
    };
    const message = renderTemplate('annual-call-published', 'it', call);
    expect(message.text).toContain('Protocollo: 2027/0000009');
    both(message, "L'avviso si può scaricare da: https://p.example/cases/a1/documents/n1/versions/1/content");
    both(message, 'entro il 30/04/2027');
  });

  it('reminder: the rung of the ladder the workflow fired', () => {
    const reminder = {
      ...base,
      rung: { it: 'Scadenza tra 7 giorni', en: 'Due in 7 days' },
      deadline: { date: '2027-01-15', legalSource: 'LR 12/2005 art. 13 c.5' },
    };
    expect(renderTemplate('deadline-reminder', 'it', reminder).text).toContain('Promemoria: Scadenza tra 7 giorni');
    expect(renderTemplate('deadline-reminder', 'en', reminder).text).toContain('Reminder: Due in 7 days');
  });

  it('no notice carries an English legal-source remark in Italian', () => {
    for (const id of TEMPLATE_IDS)
      expect(renderTemplate(id, 'it', { ...base, deadline: { date: '2027-01-01' } }).text).not.toMatch(/no term stated|no notice period/i);
  });
});

describe('notice subjects where notices are listed', () => {
  it('are the subject each template writes, in both languages', () => {
    for (const id of TEMPLATE_IDS) {
      expect(noticeSubject(id, data)).toEqual({ it: renderTemplate(id, 'it', data).subject, en: renderTemplate(id, 'en', data).subject });
    }
    expect(noticeSubject('submission-received', data)).toEqual({
      it: 'Ricevuta la documentazione – pratica CE-2026-0042',
      en: 'Submission received – case CE-2026-0042',
    });
  });

  it('never fail: no data, or a template this version does not know, still give words', () => {
    expect(noticeSubject('case-closed', null).it).toBe('Pratica — conclusa');
    expect(noticeSubject('retired-template', {})).toEqual({ it: 'Retired template', en: 'Retired template' });
    expect(noticeSubject('toString', {})).toEqual({ it: 'ToString', en: 'ToString' });
  });
});
