import { OBLIGORS } from '../terms/term.types';
import { applyTrackerEvent, createRuleTracker, createTracker } from './deadline-tracker.model';
import { explainSuspendedTerm } from './suspended-term.explanation';

const audit = (reason: string) => ({ by: 'funzionario1', at: '2026-12-02T09:00:00Z', reason, legalBasis: 'L. 241/1990 art. 2 c.7' });

describe('explainSuspendedTerm', () => {
  const started = createRuleTracker('compatibility-evaluation.opinion', '2026-12-02');

  it('says nothing for a running term (its computation is the explanation)', () => {
    expect(explainSuspendedTerm(started, '2026-12-10')).toEqual([]);
  });

  it('explains a stopped clock: the term, why it stopped under which provision, and the due date if it resumed today', () => {
    const suspended = applyTrackerEvent(started, {
      type: 'suspend',
      on: '2026-12-12',
      audit: audit('richiesta di integrazioni: relazione geologica'),
    });
    const lines = explainSuspendedTerm(suspended, '2026-12-22').map((line) => line.it);
    expect(lines[0]).toBe('Termine di 120 giorni dal 2026-12-02 (il giorno iniziale non si computa)');
    expect(lines).toContain(
      'Sospeso dal 2026-12-12 — richiesta di integrazioni: relazione geologica (L. 241/1990 art. 2 c.7): finché la sospensione dura il termine non decorre e la scadenza non è fissata',
    );
    // Resuming on the 22nd adds the ten days of suspension to the running term's due date.
    const running = applyTrackerEvent(suspended, { type: 'resume', on: '2026-12-22', audit: audit('integrazioni ricevute') });
    expect(explainSuspendedTerm(running, '2026-12-22')).toEqual([]);
    expect(lines[lines.length - 1]).toMatch(/^Se la sospensione terminasse il 2026-12-22, la scadenza sarebbe il \d{4}-\d{2}-\d{2}$/);
    const english = explainSuspendedTerm(suspended, '2026-12-22').map((line) => line.en);
    expect(english[0]).toBe('Term of 120 days from 2026-12-02 (the first day is not counted)');
  });

  it('lists the suspensions already over before the open one, and when the open one ends at the latest', () => {
    const twice = createTracker(
      {
        length: 60,
        unit: 'days',
        direction: 'forward',
        calendar: 'national',
        obligor: OBLIGORS[0],
        clearDays: false,
        saturdayNonWorking: false,
        suspendable: { times: 2, maxDays: 30, basis: 'regola di prova' },
        interruptible: false,
      },
      '2026-12-02',
    );
    let tracker = applyTrackerEvent(twice, { type: 'suspend', on: '2026-12-05', audit: audit('prima richiesta') });
    tracker = applyTrackerEvent(tracker, { type: 'resume', on: '2026-12-09', audit: audit('risposta') });
    tracker = applyTrackerEvent(tracker, { type: 'suspend', on: '2026-12-15', audit: audit('seconda richiesta') });
    const lines = explainSuspendedTerm(tracker, '2026-12-20').map((line) => line.it);
    expect(lines[0]).toBe('Termine di 60 giorni dal 2026-12-02 (il giorno iniziale non si computa)');
    expect(lines[1]).toMatch(/^sospensione dal 2026-12-05 al 2026-12-09: \+\d+ giorni$/);
    expect(lines[2]).toMatch(/^Sospeso dal 2026-12-15 — seconda richiesta \(L\. 241\/1990 art\. 2 c\.7\)/);
    expect(lines[3]).toBe('Riprende a decorrere comunque il 2027-01-14: la sospensione dura al massimo 30 giorni (regola di prova)');
  });
});
