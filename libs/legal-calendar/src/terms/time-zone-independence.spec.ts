import { computeRuleDeadline } from '../rulebook/rule-deadline.calculator';
import { computeDeadline } from './deadline.calculator';

/*
 * Results must not depend on the host's time zone. Jest isolates process.env, so the zone
 * cannot be switched inside a test: instead the suite runs under several TZ values
 * (TZ=UTC, TZ=America/New_York, TZ=Asia/Tokyo) and this spec pins a corpus that crosses
 * both summer-time changes to values computed by hand from the EU rule.
 */
const GOLDEN = [
  ['2027-01-20', '2027-02-19', '2027-02-19T22:59:59.999Z'],
  ['2027-02-25', '2027-03-27', '2027-03-27T22:59:59.999Z'],
  ['2027-02-26', '2027-03-30', '2027-03-30T21:59:59.999Z'],
  ['2027-06-20', '2027-07-20', '2027-07-20T21:59:59.999Z'],
  ['2027-09-30', '2027-10-30', '2027-10-30T21:59:59.999Z'],
  ['2027-10-01', '2027-11-02', '2027-11-02T22:59:59.999Z'],
  ['2027-11-20', '2027-12-20', '2027-12-20T22:59:59.999Z'],
] as const;

describe('time-zone independence', () => {
  it(`gives the pinned deadlines and instants under TZ=${process.env.TZ ?? '(unset)'}`, () => {
    for (const [trigger, deadline, dueAt] of GOLDEN) {
      expect(computeDeadline({ trigger, length: 30 })).toMatchObject({ deadline, dueAt });
    }
  });

  it('pins a backward term in months and a rule computation', () => {
    expect(computeDeadline({ trigger: '2027-03-31', length: 1, unit: 'months', direction: 'backward' })).toMatchObject({
      deadline: '2027-02-27',
      dueAt: '2027-02-27T22:59:59.999Z',
    });
    expect(computeRuleDeadline('sttm-approval.proposal-availability', '2024-02-28', { halved: true })).toMatchObject({
      deadline: '2024-01-13',
      dueAt: '2024-01-13T22:59:59.999Z',
    });
  });
});
