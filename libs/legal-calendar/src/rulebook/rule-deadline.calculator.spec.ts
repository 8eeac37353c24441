import { computeRuleDeadline } from './rule-deadline.calculator';

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

    it('closes osservazioni 60 days (30 halved) after the BURL notice, on the office calendar', () => {
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
    expect(period).toMatchObject({ deadline: '2027-03-07', shifts: [] });
    expect(computeRuleDeadline('pgt-adoption.osservazioni', period.deadline).deadline).toBe('2027-04-06');
  });

  it('computes the VAS screening terms from transmission', () => {
    expect(computeRuleDeadline('vas-screening.opinions', '2027-01-04').deadline).toBe('2027-02-03');
    expect(computeRuleDeadline('vas-screening.decision', '2027-01-04').deadline).toBe('2027-04-05');
  });

  it('publishes for 15 days and makes the act enforceable after the 10th, without holiday shifts', () => {
    const publication = computeRuleDeadline('public-notice-board.publication', '2027-10-16');
    expect(publication).toMatchObject({ deadline: '2027-10-31', shifts: [] });
    expect(publication.internalTarget).toBeUndefined();
    expect(computeRuleDeadline('public-notice-board.enforceability', '2027-10-16').deadline).toBe('2027-10-26');
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
      code(() =>
        computeRuleDeadline('vas-screening.decision', '2027-01-04', { suspensions: [{ from: '2027-01-10', to: '2027-01-12' }] }),
      ),
    ).toBe('SUSPENSION_NOT_ALLOWED');
    expect(code(() => computeRuleDeadline('unknown.rule', '2027-01-04'))).toBe('UNKNOWN_RULE');
  });
});
