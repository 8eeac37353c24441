import { computeRuleDeadline, halvedTermAllowed, resolveRuleTrigger, suspendedTermResumesOn } from './rule-deadline.calculator';
import { getRule } from './rulebook.registry';

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

describe('rulebook deadlines', () => {
  describe('STTM (final approval 28 Feb 2024 as sample adoption day D)', () => {
    it('makes the proposal available by 2024-01-13 with the halved 45 days (D-45 is Sunday 14 January)', () => {
      const result = computeRuleDeadline('sttm-approval.proposal-availability', '2024-02-28', { halved: true });
      expect(result).toMatchObject({
        nominal: '2024-01-14',
        deadline: '2024-01-13',
        length: 45,
        direction: 'backward',
        internalTarget: '2024-01-13',
        rule: { id: 'sttm-approval.proposal-availability', halved: true, source: 'NdA PTM art. 7bis c.4; NdA PTM art. 7bis c.7' },
      });
      expect(result.explanation[0].it).toContain('termine dimezzato a 45 giorni (NdA PTM art. 7bis c.7)');
    });

    it('halves the terms of the first three STTM only (NdA art. 7bis c.7)', () => {
      for (const id of [
        'sttm-approval.proposal-availability',
        'sttm-approval.conferenza-istruttoria-window',
        'sttm-approval.osservazioni',
      ]) {
        expect(getRule(id).halved?.appliesToFirst).toBe(3);
        expect([1, 2, 3, 4, 5].map((n) => halvedTermAllowed(id, n))).toEqual([true, true, true, false, false]);
      }
      expect(halvedTermAllowed('vas-screening.decision', 1)).toBe(false);
      expect(halvedTermAllowed('sttm-approval.proposal-availability', 0)).toBe(false);
    });

    it('needs 90 days without halving', () => {
      expect(computeRuleDeadline('sttm-approval.proposal-availability', '2024-02-28').deadline).toBe('2023-11-30');
    });

    it('opens the conferenza istruttoria window 30 days (halved) or 60 days before adoption', () => {
      const halved = computeRuleDeadline('sttm-approval.conferenza-istruttoria-window', '2024-02-28', { halved: true });
      expect(halved).toMatchObject({ deadline: '2024-01-29', holidayShift: 'next-working-day' });
      expect(halved.internalTarget).toBeUndefined();
      expect(computeRuleDeadline('sttm-approval.conferenza-istruttoria-window', '2024-02-28').deadline).toBe('2023-12-30');
      // A window opening on a Sunday opens on the Monday: never wider than 60 days.
      expect(computeRuleDeadline('sttm-approval.conferenza-istruttoria-window', '2027-02-04').deadline).toBe('2026-12-07');
    });

    it('closes osservazioni 60 days (30 halved) after the configured publication, on the office calendar', () => {
      expect(computeRuleDeadline('sttm-approval.osservazioni', '2027-10-08').deadline).toBe('2027-12-09');
      expect(computeRuleDeadline('sttm-approval.osservazioni', '2027-11-07', { halved: true }).deadline).toBe('2027-12-09');
    });
  });

  describe('compatibility evaluation', () => {
    it('runs 120 days with an internal target for CMM', () => {
      expect(computeRuleDeadline('compatibility-evaluation.opinion', '2027-01-04')).toMatchObject({
        deadline: '2027-05-04',
        internalTarget: '2027-05-04',
        rule: { onExpiry: 'deemed-favourable' },
      });
    });

    it('caps the integration suspension at one, of at most 30 days, and reports it', () => {
      const result = computeRuleDeadline('compatibility-evaluation.opinion', '2027-01-04', {
        suspensions: [
          { from: '2027-01-10', to: '2027-02-19' },
          { from: '2027-03-01', to: '2027-03-05' },
        ],
      });
      expect(result).toMatchObject({ deadline: '2027-06-03', suspendedDays: 30 });
      expect(result.cappedSuspensions.map((capped) => [capped.from, capped.countedDays])).toEqual([
        ['2027-01-10', 30],
        ['2027-03-01', 0],
      ]);
    });

    it('refuses an interruption, which art. 13 c.5 does not provide', () => {
      expect(code(() => computeRuleDeadline('compatibility-evaluation.opinion', '2027-01-04', { interruptedOn: '2027-02-01' }))).toBe(
        'INTERRUPTION_NOT_ALLOWED',
      );
    });

    it("gives the municipality's answer term 30 days on the office calendar", () => {
      const result = computeRuleDeadline('compatibility-evaluation.integration-answer', '2027-11-07');
      expect(result).toMatchObject({ deadline: '2027-12-09', calendar: 'milano' });
      expect(result.internalTarget).toBeUndefined();
    });

    it('gives 10 days for observations on the preavviso di rigetto', () => {
      expect(computeRuleDeadline('compatibility-evaluation.preavviso-di-rigetto', '2027-04-15').deadline).toBe('2027-04-26');
    });
  });

  it('restarts a piano attuativo term in full after an interruption (LR 12/2005 art. 14)', () => {
    expect(computeRuleDeadline('piano-attuativo.adoption', '2027-01-04').deadline).toBe('2027-04-05');
    expect(computeRuleDeadline('piano-attuativo.adoption', '2027-01-04', { interruptedOn: '2027-02-01' }).deadline).toBe('2027-05-03');
  });

  it('chains the PGT deposit, deposit period and osservazioni (LR 12/2005 art. 13 c.4)', () => {
    expect(computeRuleDeadline('pgt-adoption.deposit', '2027-01-04').deadline).toBe('2027-04-05');
    const period = computeRuleDeadline('pgt-adoption.deposit-period', '2027-02-05');
    // Thirty days counting the first: 5 February is day 1, 6 March day 30.
    expect(period).toMatchObject({ deadline: '2027-03-06', shifts: [] });
    expect(period.explanation.map((line) => line.it).join('\n')).toContain('il giorno iniziale si computa');
    expect(computeRuleDeadline('pgt-adoption.osservazioni', period.deadline).deadline).toBe('2027-04-05');
  });

  it('computes the VAS screening terms from transmission', () => {
    expect(computeRuleDeadline('vas-screening.opinions', '2027-01-04').deadline).toBe('2027-02-03');
    expect(computeRuleDeadline('vas-screening.decision', '2027-01-04').deadline).toBe('2027-04-05');
  });

  it('publishes for 15 days counting the posting day and makes the act enforceable after the tenth day from publication', () => {
    // TUEL art. 124: posted on 16 October, the fifteenth day of publication is 30 October.
    const publication = computeRuleDeadline('public-notice-board.publication', '2027-10-16');
    expect(publication).toMatchObject({ deadline: '2027-10-30', shifts: [] });
    expect(publication.internalTarget).toBeUndefined();
    expect(publication.explanation.map((line) => line.it)).toContain(
      'Periodo di 15 giorni consecutivi dal 2027-10-16 compreso (il giorno iniziale si computa, D.Lgs. 267/2000 art. 124): ultimo giorno 2027-10-30',
    );
    // TUEL art. 134 c.3: the publication day is not counted; enforceable after the tenth day from it.
    const enforceability = computeRuleDeadline('public-notice-board.enforceability', '2027-10-16');
    expect(enforceability.deadline).toBe('2027-10-26');
    expect(enforceability.explanation[0].it).toContain('Esecutività dopo il decimo giorno dalla pubblicazione');
    expect(enforceability.explanation.map((line) => line.it).join('\n')).toContain('il giorno iniziale non si computa');
    expect(getRule('public-notice-board.enforceability').note).toContain('dopo il decimo giorno dalla loro pubblicazione');
  });

  describe('confidence of the rules and their explanations', () => {
    const lines = (result: { explanation: readonly { it: string; en: string }[] }) =>
      result.explanation.map((line) => `${line.it} | ${line.en}`).join('\n');

    it('says that the conferenza istruttoria window is a documented default, not a confirmed term', () => {
      expect(getRule('sttm-approval.conferenza-istruttoria-window')).toMatchObject({
        confirmed: 'default',
        length: 60,
        halved: { length: 30 },
      });
      const result = computeRuleDeadline('sttm-approval.conferenza-istruttoria-window', '2024-02-28');
      expect(result.rule.confirmed).toBe('default');
      expect(lines(result)).toContain(
        'valore predefinito documentato: la fonte non fissa questo termine | documented default: the source does not fix this term',
      );
    });

    it('marks osservazioni as a default borrowed from LR 12/2005 art. 17 c.6, with a configurable trigger', () => {
      expect(getRule('sttm-approval.osservazioni')).toMatchObject({
        confirmed: 'default',
        trigger: 'albo-publication',
        triggerOptions: ['albo-publication', 'burl-notice'],
      });
      expect(getRule('sttm-approval.osservazioni').source).toContain('LR 12/2005 art. 17 c.6');
      const byDefault = computeRuleDeadline('sttm-approval.osservazioni', '2027-10-08');
      expect(byDefault.rule.trigger).toBe('albo-publication');
      const burl = computeRuleDeadline('sttm-approval.osservazioni', '2027-10-08', { trigger: 'burl-notice' });
      expect(burl.rule.trigger).toBe('burl-notice');
      expect(lines(burl)).toContain('decorrenza: burl-notice (configurabile tra albo-publication, burl-notice)');
      expect(resolveRuleTrigger('sttm-approval.osservazioni', 'burl-notice')).toBe('burl-notice');
      expect(resolveRuleTrigger('sttm-approval.osservazioni')).toBe('albo-publication');
      expect(code(() => resolveRuleTrigger('sttm-approval.osservazioni', 'gazzetta'))).toBe('INVALID_TRIGGER');
      // A rule whose source fixes the event offers no choice.
      expect(code(() => computeRuleDeadline('vas-screening.decision', '2027-01-04', { trigger: 'environmental-bodies-consulted' }))).toBe(
        'INVALID_TRIGGER',
      );
    });

    it('labels the interrupting opinion as an explicitly chosen configuration wherever it is shown', () => {
      const rule = getRule('compatibility-evaluation.opinion-interrupting');
      expect(rule.confirmed).toBe('configuration');
      expect(rule.label.it).toContain('configurazione scelta');
      expect(rule.label.en).toContain('chosen configuration');
      expect(rule.source).toContain('configurazione scelta esplicitamente');
      const result = computeRuleDeadline('compatibility-evaluation.opinion-interrupting', '2027-01-04', { interruptedOn: '2027-02-01' });
      expect(result.rule.confirmed).toBe('configuration');
      expect(lines(result)).toContain('configurazione scelta esplicitamente: non prevista dalla fonte citata');
      // The lawful default says nothing of the kind.
      expect(lines(computeRuleDeadline('compatibility-evaluation.opinion', '2027-01-04'))).not.toContain('configurazione');
    });

    it('keeps the preavviso di rigetto optional and restarts the opinion ten days after the observations', () => {
      expect(getRule('compatibility-evaluation.preavviso-di-rigetto')).toMatchObject({
        optional: true,
        suspends: { rule: 'compatibility-evaluation.opinion', daysAfterAnswer: 10 },
      });
      expect(getRule('compatibility-evaluation.preavviso-di-rigetto').source).toContain('art. 13 c.1');
      expect(lines(computeRuleDeadline('compatibility-evaluation.preavviso-di-rigetto', '2027-04-15'))).toContain('passaggio facoltativo');
      // Observations filed on 20 April: the opinion term runs again on 30 April, not on the 20th.
      const answered = suspendedTermResumesOn('compatibility-evaluation.preavviso-di-rigetto', '2027-04-15', '2027-04-20');
      expect(answered).toMatchObject({ rule: 'compatibility-evaluation.opinion', resumesOn: '2027-04-30' });
      expect(answered.explanation.at(-1)?.it).toBe(
        'Osservazioni presentate il 2027-04-20: il termine compatibility-evaluation.opinion riprende a decorrere 10 giorni dopo, il 2027-04-30 (L. 241/1990 art. 10-bis, as amended by D.L. 76/2020 art. 12)',
      );
      // No observations, or observations after the window: from the expiry of the ten days.
      expect(suspendedTermResumesOn('compatibility-evaluation.preavviso-di-rigetto', '2027-04-15').resumesOn).toBe('2027-04-26');
      expect(suspendedTermResumesOn('compatibility-evaluation.preavviso-di-rigetto', '2027-04-15', '2027-05-03').resumesOn).toBe(
        '2027-04-26',
      );
      expect(code(() => suspendedTermResumesOn('compatibility-evaluation.preavviso-di-rigetto', '2027-04-15', '2027-04-01'))).toBe(
        'INVALID_OPTION',
      );
      expect(code(() => suspendedTermResumesOn('vas-screening.decision', '2027-04-15'))).toBe('INVALID_OPTION');
    });

    it('runs the VAS opinions from the consultation (art. 12 c.2) and the decision from the c.1 transmission', () => {
      expect(getRule('vas-screening.opinions')).toMatchObject({
        trigger: 'environmental-bodies-consulted',
        source: 'D.Lgs. 152/2006 art. 12 c.2',
      });
      expect(getRule('vas-screening.decision').trigger).toBe('preliminary-report-transmitted');
      expect(getRule('vas-screening.decision').source).toContain('trasmissione di cui al c.1');
    });
  });

  it('computes the documented defaults', () => {
    expect(computeRuleDeadline('concertation-conference.convocation-notice', '2027-05-05').deadline).toBe('2027-04-24');
    expect(computeRuleDeadline('concertation-conference.written-contributions', '2027-05-05').deadline).toBe('2027-05-20');
    expect(computeRuleDeadline('territorial-agreement.signature', '2027-05-05').deadline).toBe('2027-06-04');
    expect(computeRuleDeadline('annual-call.submission-window', '2027-03-01').deadline).toBe('2027-04-30');
  });

  it('refuses a halved term on a rule without one and suspensions on a rule that has none', () => {
    expect(code(() => computeRuleDeadline('vas-screening.decision', '2027-01-04', { halved: true }))).toBe('HALVED_NOT_AVAILABLE');
    expect(
      code(() => computeRuleDeadline('vas-screening.decision', '2027-01-04', { suspensions: [{ from: '2027-01-10', to: '2027-01-12' }] })),
    ).toBe('SUSPENSION_NOT_ALLOWED');
    expect(code(() => computeRuleDeadline('unknown.rule', '2027-01-04'))).toBe('UNKNOWN_RULE');
  });
});
