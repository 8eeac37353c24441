import { LegalCalendarError } from '../errors/legal-calendar.error';
import { computeDeadline } from './deadline.calculator';
import { DeadlineInput } from './term.types';

const errorCode = (input: DeadlineInput) => {
  try {
    computeDeadline(input);
  } catch (error) {
    if (error instanceof LegalCalendarError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('forward terms in days', () => {
  it('does not count the trigger day and ends at the end of the last day in Rome', () => {
    const result = computeDeadline({ trigger: '2027-01-04', length: 120 });
    expect(result).toMatchObject({
      deadline: '2027-05-04',
      nominal: '2027-05-04',
      dueAt: '2027-05-04T21:59:59.999Z',
      unit: 'days',
      direction: 'forward',
      calendar: 'national',
      suspendedDays: 0,
      shifts: [],
    });
    expect(result.internalTarget).toBeUndefined();
  });

  it('keeps 4 October 2025 (a Saturday, not yet a holiday) as the deadline', () => {
    expect(computeDeadline({ trigger: '2025-09-04', length: 30 }).deadline).toBe('2025-10-04');
  });

  it('moves a deadline on 4 October 2027 to the next working day, saying why', () => {
    const result = computeDeadline({ trigger: '2027-09-04', length: 30 });
    expect(result.deadline).toBe('2027-10-05');
    expect(result.nominal).toBe('2027-10-04');
    expect(result.shifts).toEqual([
      {
        from: '2027-10-04',
        to: '2027-10-05',
        reason: {
          it: "2027-10-04 è festivo (San Francesco d'Assisi)",
          en: '2027-10-04 is a public holiday (St Francis of Assisi)',
        },
      },
    ]);
  });

  it('moves 4 October 2026 (a Sunday and a holiday) once, naming the holiday', () => {
    const result = computeDeadline({ trigger: '2026-09-04', length: 30 });
    expect(result.deadline).toBe('2026-10-05');
    expect(result.shifts.map((shift) => shift.reason.it)).toEqual(["2026-10-04 è festivo (San Francesco d'Assisi)"]);
  });

  it('walks over consecutive non-working days, one shift each', () => {
    const result = computeDeadline({ trigger: '2027-11-25', length: 30 });
    expect(result.nominal).toBe('2027-12-25');
    expect(result.deadline).toBe('2027-12-27');
    expect(result.shifts.map((shift) => shift.from)).toEqual(['2027-12-25', '2027-12-26']);
  });

  it('treats 7 December as working nationally and as an office closure under milano', () => {
    expect(computeDeadline({ trigger: '2027-11-07', length: 30 }).deadline).toBe('2027-12-07');
    const milano = computeDeadline({ trigger: '2027-11-07', length: 30, calendar: 'milano' });
    expect(milano.deadline).toBe('2027-12-09');
    expect(milano.shifts.map((shift) => shift.reason.en)).toEqual([
      '2027-12-07 is a closure day of the CMM offices (St Ambrose)',
      '2027-12-08 is a public holiday (Immaculate Conception)',
    ]);
    expect(computeDeadline({ trigger: '2028-11-07', length: 30, calendar: 'milano' }).deadline).toBe('2028-12-09');
  });

  it('keeps a Saturday unless the rule treats Saturday as non-working', () => {
    expect(computeDeadline({ trigger: '2027-05-01', length: 28 }).deadline).toBe('2027-05-29');
    const closed = computeDeadline({ trigger: '2027-05-01', length: 28, saturdayNonWorking: true });
    expect(closed.deadline).toBe('2027-05-31');
    expect(closed.shifts[0].reason.it).toBe('2027-05-29 è sabato, non lavorativo per questa regola');
  });

  it('gives dueAt across the March change: 28 March 2027 (Sunday) → Easter Monday → 30 March in CEST', () => {
    const result = computeDeadline({ trigger: '2027-02-26', length: 30 });
    expect(result.nominal).toBe('2027-03-28');
    expect(result.deadline).toBe('2027-03-30');
    expect(result.dueAt).toBe('2027-03-30T21:59:59.999Z');
    expect(computeDeadline({ trigger: '2027-02-25', length: 30 }).dueAt).toBe('2027-03-27T22:59:59.999Z');
  });

  it('gives dueAt across the October change (last Sunday 25 October 2026)', () => {
    expect(computeDeadline({ trigger: '2026-09-24', length: 30 }).dueAt).toBe('2026-10-24T21:59:59.999Z');
    const sunday = computeDeadline({ trigger: '2026-09-25', length: 30 });
    expect(sunday.deadline).toBe('2026-10-26');
    expect(sunday.dueAt).toBe('2026-10-26T22:59:59.999Z');
  });
});

describe('terms in months', () => {
  it('ends 31 Jan + 1 month on 29 Feb 2028 (leap) and 28 Feb 2027, which is a Sunday', () => {
    expect(computeDeadline({ trigger: '2028-01-31', length: 1, unit: 'months' })).toMatchObject({
      nominal: '2028-02-29',
      deadline: '2028-02-29',
    });
    expect(computeDeadline({ trigger: '2027-01-31', length: 1, unit: 'months' })).toMatchObject({
      nominal: '2027-02-28',
      deadline: '2027-03-01',
    });
  });

  it('goes back symmetrically and then to the previous working day', () => {
    expect(computeDeadline({ trigger: '2027-03-31', length: 1, unit: 'months', direction: 'backward' })).toMatchObject({
      nominal: '2027-02-28',
      deadline: '2027-02-27',
    });
  });
});

describe('backward terms', () => {
  it('moves a last useful day on a holiday to the previous working day, never later', () => {
    const result = computeDeadline({ trigger: '2027-05-05', length: 10, direction: 'backward' });
    expect(result).toMatchObject({ nominal: '2027-04-25', deadline: '2027-04-24' });
    expect(result.shifts[0]).toEqual({
      from: '2027-04-25',
      to: '2027-04-24',
      reason: { it: '2027-04-25 è festivo (Festa della Liberazione)', en: '2027-04-25 is a public holiday (Liberation Day)' },
    });
  });

  it('walks back over Santo Stefano and Natale', () => {
    expect(computeDeadline({ trigger: '2028-01-05', length: 10, direction: 'backward' }).deadline).toBe('2027-12-24');
  });

  it('reads "giorni liberi" as one day earlier, then the same holiday rule', () => {
    expect(computeDeadline({ trigger: '2027-01-16', length: 10, direction: 'backward' })).toMatchObject({
      nominal: '2027-01-06',
      deadline: '2027-01-05',
    });
    expect(computeDeadline({ trigger: '2027-01-17', length: 10, direction: 'backward', clearDays: true })).toMatchObject({
      nominal: '2027-01-06',
      deadline: '2027-01-05',
    });
    expect(computeDeadline({ trigger: '2027-01-20', length: 10, direction: 'backward', clearDays: true }).deadline).toBe('2027-01-09');
  });

  it('can open a window instead: a holiday moves the first day later (within the N days before D)', () => {
    const result = computeDeadline({
      trigger: '2027-02-04',
      length: 60,
      direction: 'backward',
      holidayShift: 'next-working-day',
    });
    expect(result).toMatchObject({ nominal: '2026-12-06', deadline: '2026-12-07' });
  });

  it('refuses suspensions, interruptions and extensions, which need running time', () => {
    const base = { trigger: '2027-05-05', length: 10, direction: 'backward' as const };
    expect(errorCode({ ...base, suspensions: [{ from: '2027-04-01', to: '2027-04-02' }] })).toBe('SUSPENSION_NOT_ALLOWED');
    expect(errorCode({ ...base, interruptedOn: '2027-04-01' })).toBe('INTERRUPTION_NOT_ALLOWED');
    expect(errorCode({ ...base, extensionDays: 3 })).toBe('INVALID_OPTION');
  });
});

describe('suspensions, extensions and interruptions', () => {
  it('adds the days of one suspension and explains it', () => {
    const result = computeDeadline({
      trigger: '2027-01-04',
      length: 120,
      suspensions: [{ from: '2027-01-10', to: '2027-01-25' }],
    });
    expect(result).toMatchObject({ deadline: '2027-05-19', nominal: '2027-05-19', suspendedDays: 15 });
    expect(result.explanation).toContainEqual({
      it: 'sospensione dal 2027-01-10 al 2027-01-25: +15 giorni',
      en: 'suspension from 2027-01-10 to 2027-01-25: +15 days',
    });
  });

  it('adds several suspensions up, whatever order they are given in', () => {
    const result = computeDeadline({
      trigger: '2027-01-04',
      length: 120,
      suspensions: [
        { from: '2027-02-01', to: '2027-02-11' },
        { from: '2027-01-10', to: '2027-01-25' },
      ],
    });
    expect(result).toMatchObject({ deadline: '2027-05-29', suspendedDays: 25 });
    expect(result.suspensions.map((s) => s.from)).toEqual(['2027-01-10', '2027-02-01']);
  });

  it('applies the holiday rule to the final day only', () => {
    // 120 days end on Wed 2027-05-05; the suspension covers Easter and 25 April without effect.
    const result = computeDeadline({
      trigger: '2027-01-05',
      length: 120,
      suspensions: [{ from: '2027-03-27', to: '2027-04-01' }],
    });
    expect(result).toMatchObject({ nominal: '2027-05-10', deadline: '2027-05-10', shifts: [] });
  });

  it('applies a cap when given one and says what it cut', () => {
    const result = computeDeadline({
      trigger: '2027-01-04',
      length: 120,
      suspensions: [
        { from: '2027-01-10', to: '2027-02-19' },
        { from: '2027-03-01', to: '2027-03-05' },
      ],
      suspensionCap: { times: 1, maxDays: 30, basis: 'L. 241/1990 art. 2 c.7' },
    });
    expect(result).toMatchObject({ deadline: '2027-06-03', suspendedDays: 30 });
    expect(result.explanation.map((line) => line.it)).toEqual(
      expect.arrayContaining([
        'sospensione dal 2027-01-10 al 2027-02-19: durata 40 giorni, computati al massimo 30 (L. 241/1990 art. 2 c.7)',
        'sospensione dal 2027-03-01 al 2027-03-05: non computata: una sola sospensione consentita (L. 241/1990 art. 2 c.7)',
      ]),
    );
  });

  it('refuses inverted, overlapping, premature and late suspensions', () => {
    const base = { trigger: '2027-01-04', length: 30 };
    expect(errorCode({ ...base, suspensions: [{ from: '2027-01-25', to: '2027-01-10' }] })).toBe('INVERTED_SUSPENSION');
    expect(
      errorCode({
        ...base,
        suspensions: [
          { from: '2027-01-10', to: '2027-01-20' },
          { from: '2027-01-15', to: '2027-01-25' },
        ],
      }),
    ).toBe('OVERLAPPING_SUSPENSIONS');
    expect(errorCode({ ...base, suspensions: [{ from: '2027-01-01', to: '2027-01-05' }] })).toBe('SUSPENSION_BEFORE_START');
    expect(errorCode({ ...base, suspensions: [{ from: '2027-02-04', to: '2027-02-05' }] })).toBe('SUSPENSION_AFTER_EXPIRY');
  });

  it('allows a suspension on the last useful day after a holiday shift', () => {
    // 60 days end on Sunday 2027-03-07, so the term is still open on Monday 03-08. The two
    // suspended days are added to the nominal day (03-07 + 2), and only then the holiday rule.
    const result = computeDeadline({
      trigger: '2027-01-06',
      length: 60,
      suspensions: [{ from: '2027-03-08', to: '2027-03-10' }],
    });
    expect(result).toMatchObject({ nominal: '2027-03-09', deadline: '2027-03-09', suspendedDays: 2 });
  });

  it('adds extension days and explains them', () => {
    const result = computeDeadline({ trigger: '2027-01-04', length: 120, extensionDays: 10 });
    expect(result).toMatchObject({ nominal: '2027-05-14', deadline: '2027-05-14', extensionDays: 10 });
    expect(result.explanation).toContainEqual({ it: 'proroga: +10 giorni', en: 'extension: +10 days' });
  });

  it('restarts the term in full from an interruption and drops earlier suspensions', () => {
    const result = computeDeadline({
      trigger: '2027-01-04',
      length: 90,
      interruptedOn: '2027-02-01',
      suspensions: [{ from: '2027-01-10', to: '2027-01-20' }],
    });
    expect(result).toMatchObject({
      start: '2027-02-01',
      nominal: '2027-05-02',
      deadline: '2027-05-03',
      suspendedDays: 0,
      interruptedOn: '2027-02-01',
    });
    expect(result.explanation[0].it).toBe('Termine interrotto il 2027-02-01: riparte per intero da quella data');
    expect(errorCode({ trigger: '2027-01-04', length: 90, interruptedOn: '2027-01-03' })).toBe('INVALID_INTERRUPTION');
  });
});

describe("CMM's own obligations", () => {
  it('gives an internal target equal to the deadline when the nominal day is working', () => {
    expect(computeDeadline({ trigger: '2027-01-04', length: 120, obligor: 'cmm' }).internalTarget).toBe('2027-05-04');
  });

  it('puts the internal target on the last working day on or before the nominal day, not the shifted one', () => {
    // Nominal Sunday 2027-05-09 → legal deadline Monday 05-10; target Saturday 05-08 (a working day).
    const result = computeDeadline({ trigger: '2027-01-09', length: 120, obligor: 'cmm' });
    expect(result).toMatchObject({ nominal: '2027-05-09', deadline: '2027-05-10', internalTarget: '2027-05-08' });
    const strict = computeDeadline({ trigger: '2027-01-09', length: 120, obligor: 'cmm', saturdayNonWorking: true });
    expect(strict.internalTarget).toBe('2027-05-07');
  });

  it('refuses the milano office calendar for a cmm obligation', () => {
    expect(errorCode({ trigger: '2027-01-04', length: 30, obligor: 'cmm', calendar: 'milano' })).toBe('CALENDAR_NOT_ALLOWED');
    expect(errorCode({ trigger: '2027-01-04', length: 30, obligor: 'third-party', calendar: 'milano' })).toBe('no error');
  });
});

describe('input validation', () => {
  it.each<[string, DeadlineInput, string]>([
    ['an impossible date', { trigger: '2027-02-30', length: 10 }, 'INVALID_DATE'],
    ['a date before 1996', { trigger: '1995-06-01', length: 10 }, 'DATE_OUT_OF_RANGE'],
    ['a negative length', { trigger: '2027-01-04', length: -3 }, 'INVALID_LENGTH'],
    ['a fractional length', { trigger: '2027-01-04', length: 1.5 }, 'INVALID_LENGTH'],
    ['a zero length', { trigger: '2027-01-04', length: 0 }, 'INVALID_LENGTH'],
    ['an unknown unit', { trigger: '2027-01-04', length: 3, unit: 'weeks' as never }, 'INVALID_UNIT'],
    ['an unknown direction', { trigger: '2027-01-04', length: 3, direction: 'up' as never }, 'INVALID_DIRECTION'],
    ['an unknown calendar', { trigger: '2027-01-04', length: 3, calendar: 'roma' as never }, 'UNKNOWN_CALENDAR'],
    ['clear days forward', { trigger: '2027-01-04', length: 3, clearDays: true }, 'INVALID_OPTION'],
    ['shortening a forward term', { trigger: '2027-01-04', length: 3, holidayShift: 'previous-working-day' }, 'INVALID_OPTION'],
  ])('refuses %s', (_label, input, code) => {
    expect(errorCode(input)).toBe(code);
  });
});
