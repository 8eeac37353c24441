import { DayNumber, dayNumberFromParts } from '../time/civil-date.codec';

/**
 * Easter Sunday by the Gregorian computus (the "anonymous" algorithm published by Meeus):
 * computed rather than listed, so no year ever runs out. It locates the Paschal full moon
 * from the Metonic cycle with the Gregorian solar and lunar corrections, then the Sunday after.
 */
export function easterSunday(year: number): DayNumber {
  const metonicYear = year % 19;
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  // Gregorian solar correction: three of four century years are not leap years.
  const skippedLeapDays = century - Math.floor(century / 4);
  // Gregorian lunar correction: the moon drifts eight days every 2,500 years.
  const lunarDrift = Math.floor((century - Math.floor((century + 8) / 25) + 1) / 3);
  const epact = (19 * metonicYear + skippedLeapDays - lunarDrift + 15) % 30;
  const weekdayOffset = (32 + 2 * (century % 4) + 2 * Math.floor(yearOfCentury / 4) - epact - (yearOfCentury % 4)) % 7;
  // Rare years where the full moon rule would push Easter past 25 April.
  const lateCorrection = Math.floor((metonicYear + 11 * epact + 22 * weekdayOffset) / 451);
  const daysFromMarch22 = epact + weekdayOffset - 7 * lateCorrection;
  const month = Math.floor((daysFromMarch22 + 114) / 31);
  const day = ((daysFromMarch22 + 114) % 31) + 1;
  return dayNumberFromParts(year, month, day);
}
