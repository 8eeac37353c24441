import { LegalCalendarError } from '../errors/legal-calendar.error';
import { cappedSuspensionText, suspensionBeyondTimesText, suspensionShortenedText } from '../i18n/deadline-explanation.texts';
import { BilingualText } from '../i18n/bilingual-text.types';
import { parseCivilDate } from '../time/civil-date.codec';
import { CountedSuspension, SuspensionCap, SuspensionInterval } from './term.types';

export interface CappedSuspension extends CountedSuspension {
  /** What the cap did to this suspension and on which legal basis. */
  readonly reason: BilingualText;
}

export interface SuspensionCapOutcome {
  /** Every suspension in chronological order, with the days that count after the cap. */
  readonly counted: readonly CountedSuspension[];
  /** Only those the cap shortened or left out. */
  readonly capped: readonly CappedSuspension[];
}

/** Validates, measures and sorts intervals; every suspended day counts (no cap). */
export function measureSuspensions(intervals: readonly SuspensionInterval[]): CountedSuspension[] {
  return intervals
    .map((interval, index) => {
      const what = `suspension ${index + 1}`;
      const from = parseCivilDate(interval.from, `${what} start`);
      const to = parseCivilDate(interval.to, `${what} end`);
      if (to < from) {
        throw new LegalCalendarError(
          'INVERTED_SUSPENSION',
          `${what}: ends on ${interval.to} before it starts on ${interval.from} (a suspension runs from the request to the answer)`,
        );
      }
      return { from: interval.from, to: interval.to, days: to - from, countedDays: to - from, start: from };
    })
    .sort((a, b) => a.start - b.start)
    .map(({ from, to, days, countedDays }) => ({ from, to, days, countedDays }));
}

function assertCap(cap: SuspensionCap): void {
  const valid = (n: number) => Number.isInteger(n) && n >= 0;
  if (!valid(cap.times) || !valid(cap.maxDays)) {
    throw new LegalCalendarError(
      'INVALID_OPTION',
      `suspension cap: times and maxDays must be non-negative integers (got ${cap.times}, ${cap.maxDays})`,
    );
  }
}

/**
 * Applies a rule's cap to the suspensions actually recorded: the earliest `times` count,
 * each for at most `maxDays`; later ones count for nothing. The arithmetic itself knows
 * no caps: they belong to rules, and the report says what the rule took away.
 */
export function applySuspensionCap(intervals: readonly SuspensionInterval[], cap: SuspensionCap): SuspensionCapOutcome {
  assertCap(cap);
  const capped: CappedSuspension[] = [];
  const counted = measureSuspensions(intervals).map((suspension, index) => {
    let detail: BilingualText | undefined;
    let countedDays = suspension.days;
    if (index >= cap.times) {
      countedDays = 0;
      detail = suspensionBeyondTimesText(cap);
    } else if (suspension.days > cap.maxDays) {
      countedDays = cap.maxDays;
      detail = suspensionShortenedText(suspension.days, cap);
    }
    const result = { ...suspension, countedDays };
    if (detail) capped.push({ ...result, reason: cappedSuspensionText(suspension.from, suspension.to, detail) });
    return result;
  });
  return { counted, capped };
}
