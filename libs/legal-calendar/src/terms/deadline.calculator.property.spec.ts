import fc from 'fast-check';
import { CalendarId, isWorkingDay, WorkingDayPolicy } from '../holidays/working-day.calendar';
import { formatCivilDate, parseCivilDate } from '../time/civil-date.codec';
import { parseInstant, romeDayOf } from '../time/rome-time.zone';
import { computeDeadline } from './deadline.calculator';
import { DeadlineInput, TermUnit } from './term.types';

// From 1999, so that backward terms of up to 24 months stay within the supported years.
const day = fc.integer({ min: parseCivilDate('1999-01-01'), max: parseCivilDate('2090-12-31') }).map(formatCivilDate);
const calendar = fc.constantFrom<CalendarId>('national', 'milano');
const term = fc.oneof(
  fc.record({ unit: fc.constant<TermUnit>('days'), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ unit: fc.constant<TermUnit>('months'), length: fc.integer({ min: 1, max: 24 }) }),
);
const saturdayNonWorking = fc.boolean();
const RUNS = { numRuns: 2_000 };

const working = (date: string, policy: WorkingDayPolicy) => isWorkingDay(parseCivilDate(date), policy);

describe('deadline properties', () => {
  it('a forward deadline is a working day, on or after the nominal day, and the first such day', () => {
    fc.assert(
      fc.property(day, term, calendar, saturdayNonWorking, (trigger, { unit, length }, cal, saturday) => {
        const result = computeDeadline({ trigger, length, unit, calendar: cal, saturdayNonWorking: saturday });
        const policy = { calendar: cal, saturdayNonWorking: saturday };
        expect(working(result.deadline, policy)).toBe(true);
        expect(result.deadline >= result.nominal).toBe(true);
        expect(result.shifts.every((shift) => !working(shift.from, policy))).toBe(true);
      }),
      RUNS,
    );
  });

  it('a backward deadline is a working day, never after the nominal day', () => {
    fc.assert(
      fc.property(day, term, calendar, saturdayNonWorking, fc.boolean(), (trigger, { unit, length }, cal, saturday, clearDays) => {
        const result = computeDeadline({
          trigger,
          length,
          unit,
          direction: 'backward',
          calendar: cal,
          saturdayNonWorking: saturday,
          clearDays,
        });
        expect(working(result.deadline, { calendar: cal, saturdayNonWorking: saturday })).toBe(true);
        expect(result.deadline <= result.nominal).toBe(true);
        expect(result.deadline < trigger).toBe(true);
      }),
      RUNS,
    );
  });

  it('adding a suspension never makes a deadline earlier, and adds exactly its days to the nominal day', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        calendar,
        (trigger, length, position, suspendedDays, cal) => {
          const base: DeadlineInput = { trigger, length, calendar: cal };
          const before = computeDeadline(base);
          const first = parseCivilDate(trigger);
          const from = first + Math.floor(position * (parseCivilDate(before.deadline) - first));
          const after = computeDeadline({
            ...base,
            suspensions: [{ from: formatCivilDate(from), to: formatCivilDate(from + suspendedDays) }],
          });
          expect(after.deadline >= before.deadline).toBe(true);
          expect(parseCivilDate(after.nominal) - parseCivilDate(before.nominal)).toBe(suspendedDays);
        },
      ),
      RUNS,
    );
  });

  it('a longer forward term never ends earlier', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 400 }), calendar, (trigger, length, cal) => {
        const shorter = computeDeadline({ trigger, length, calendar: cal });
        const longer = computeDeadline({ trigger, length: length + 1, calendar: cal });
        expect(longer.deadline >= shorter.deadline).toBe(true);
      }),
      RUNS,
    );
  });

  it('the internal target is a working day on or before the deadline', () => {
    fc.assert(
      fc.property(
        day,
        term,
        fc.constantFrom('forward' as const, 'backward' as const),
        saturdayNonWorking,
        (trigger, { unit, length }, direction, saturday) => {
          const result = computeDeadline({ trigger, length, unit, direction, obligor: 'cmm', saturdayNonWorking: saturday });
          const target = result.internalTarget as string;
          expect(target).toBeDefined();
          expect(working(target, { calendar: 'national', saturdayNonWorking: saturday })).toBe(true);
          expect(target <= result.deadline).toBe(true);
          expect(target <= result.nominal).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('dueAt is the last millisecond of the deadline day in Rome', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 400 }), (trigger, length) => {
        const result = computeDeadline({ trigger, length });
        const dueAt = parseInstant(result.dueAt);
        expect(formatCivilDate(romeDayOf(dueAt))).toBe(result.deadline);
        expect(formatCivilDate(romeDayOf(dueAt + 1))).toBe(formatCivilDate(parseCivilDate(result.deadline) + 1));
      }),
      RUNS,
    );
  });
});
