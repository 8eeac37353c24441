import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, formatDate, formatDateTime, formatEuro, formatTime, todayInRome, withItalianDates } from './format';

describe('formatDate', () => {
  it('prints a calendar date as dd/mm/yyyy without moving it through a time zone', () => {
    expect(formatDate('2027-01-01')).toBe('01/01/2027');
    expect(formatDate('2026-12-31')).toBe('31/12/2026');
  });

  it('prints an instant as its day in Rome, not in UTC', () => {
    // 23:30 UTC on 31 December is already 1 January in Rome (CET, UTC+1).
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('01/01/2027');
  });

  it('shows a dash for a missing value', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('uses Rome summer time in summer and winter time in winter', () => {
    expect(formatDateTime('2027-07-15T10:05:00Z')).toBe('15/07/2027 12:05');
    expect(formatDateTime('2027-01-15T10:05:00Z')).toBe('15/01/2027 11:05');
  });
});

describe('formatTime', () => {
  it('gives the wall-clock time in Rome', () => {
    expect(formatTime('2027-07-15T07:00:00Z')).toBe('09:00');
    expect(formatTime(new Date('2027-01-15T07:00:00Z'))).toBe('08:00');
  });
});

describe('withItalianDates', () => {
  it('writes the ISO dates inside a text as dd/mm/yyyy and leaves the rest', () => {
    expect(withItalianDates('dal 2027-04-25 (festivo) al 2027-04-26')).toBe('dal 25/04/2027 (festivo) al 26/04/2027');
    expect(withItalianDates('nessuna data')).toBe('nessuna data');
  });
});

describe('formatEuro', () => {
  it('uses Italian separators and the euro sign', () => {
    expect(formatEuro(1234.5).replace(/\s/g, ' ')).toBe('1.234,50 €');
    expect(formatEuro('1000000').replace(/\s/g, ' ')).toBe('1.000.000,00 €');
    expect(formatEuro(-12).replace(/\s/g, ' ')).toBe('-12,00 €');
  });

  it('groups thousands even for four-digit amounts', () => {
    expect(formatEuro(1000).replace(/\s/g, ' ')).toBe('1.000,00 €');
  });
});

describe('days and Rome', () => {
  it('counts calendar days between dates across a month and a year', () => {
    expect(calendarDaysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(calendarDaysBetween('2027-01-02', '2026-12-30')).toBe(-3);
    expect(calendarDaysBetween('2027-03-27', '2027-03-29')).toBe(2); // across the DST change
  });

  it("takes today's date in Rome, not in UTC", () => {
    expect(todayInRome(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInRome(new Date('2027-06-30T21:59:00Z'))).toBe('2027-06-30');
    expect(todayInRome(new Date('2027-06-30T22:00:00Z'))).toBe('2027-07-01');
  });
});
