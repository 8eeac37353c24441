import { NonWorkingReason } from '../holidays/working-day.calendar';
import { CivilDate } from '../time/civil-date.codec';
import { HolidayShift, SuspensionCap, TermUnit } from '../terms/term.types';
import { BilingualText } from './bilingual-text.types';

/*
 * The sentences of a computation's explanation. Kept apart from the arithmetic so a lawyer
 * can review the wording in one place; Italian is the language of record.
 */

function unitWords(length: number, unit: TermUnit): BilingualText {
  if (unit === 'months') {
    return length === 1 ? { it: '1 mese', en: '1 month' } : { it: `${length} mesi`, en: `${length} months` };
  }
  return length === 1 ? { it: '1 giorno', en: '1 day' } : { it: `${length} giorni`, en: `${length} days` };
}

export function forwardTermText(length: number, unit: TermUnit, start: CivilDate, end: CivilDate, firstDayCounted = false): BilingualText {
  const words = unitWords(length, unit);
  if (firstDayCounted) {
    return {
      it: `Periodo di ${words.it} consecutivi dal ${start} compreso (il giorno iniziale si computa, D.Lgs. 267/2000 art. 124): ultimo giorno ${end}`,
      en: `Period of ${words.en} in a row from ${start} inclusive (the first day is counted, D.Lgs. 267/2000 art. 124): last day ${end}`,
    };
  }
  if (unit === 'months') {
    return {
      it: `Termine di ${words.it} dal ${start} (stesso giorno del mese o, se il mese è più breve, il suo ultimo giorno): ${end}`,
      en: `Term of ${words.en} from ${start} (same day of the month or, in a shorter month, its last day): ${end}`,
    };
  }
  return {
    it: `Termine di ${words.it} dal ${start} (il giorno iniziale non si computa): ${end}`,
    en: `Term of ${words.en} from ${start} (the first day is not counted): ${end}`,
  };
}

export function backwardTermText(
  length: number,
  unit: TermUnit,
  clearDays: boolean,
  holidayShift: HolidayShift,
  reference: CivilDate,
  end: CivilDate,
): BilingualText {
  const words = unitWords(length, unit);
  const clear = clearDays
    ? { it: ' liberi (esclusi sia il giorno iniziale sia quello finale)', en: ' clear (both ends excluded)' }
    : { it: '', en: '' };
  if (holidayShift === 'next-working-day') {
    return {
      it: `Entro i ${words.it}${clear.it} precedenti il ${reference}: primo giorno utile ${end}`,
      en: `Within the ${words.en}${clear.en} before ${reference}: first useful day ${end}`,
    };
  }
  return {
    it: `Almeno ${words.it}${clear.it} prima del ${reference}: ultimo giorno utile ${end}`,
    en: `At least ${words.en}${clear.en} before ${reference}: last useful day ${end}`,
  };
}

export function interruptionText(on: CivilDate): BilingualText {
  return {
    it: `Termine interrotto il ${on}: riparte per intero da quella data`,
    en: `Term interrupted on ${on}: it restarts in full from that date`,
  };
}

export function supersededSuspensionText(from: CivilDate, to: CivilDate): BilingualText {
  return {
    it: `sospensione dal ${from} al ${to} anteriore all'interruzione: non computata`,
    en: `suspension from ${from} to ${to} precedes the interruption: not counted`,
  };
}

export function suspensionText(from: CivilDate, to: CivilDate, countedDays: number): BilingualText {
  return {
    it: `sospensione dal ${from} al ${to}: +${countedDays} ${countedDays === 1 ? 'giorno' : 'giorni'}`,
    en: `suspension from ${from} to ${to}: +${countedDays} ${countedDays === 1 ? 'day' : 'days'}`,
  };
}

export function suspensionShortenedText(days: number, cap: SuspensionCap): BilingualText {
  return {
    it: `durata ${days} giorni, computati al massimo ${cap.maxDays} (${cap.basis})`,
    en: `lasted ${days} days, at most ${cap.maxDays} counted (${cap.basis})`,
  };
}

export function suspensionBeyondTimesText(cap: SuspensionCap): BilingualText {
  const it = cap.times === 1 ? 'una sola sospensione consentita' : `al massimo ${cap.times} sospensioni consentite`;
  const en = cap.times === 1 ? 'only one suspension allowed' : `at most ${cap.times} suspensions allowed`;
  return { it: `non computata: ${it} (${cap.basis})`, en: `not counted: ${en} (${cap.basis})` };
}

export function cappedSuspensionText(from: CivilDate, to: CivilDate, detail: BilingualText): BilingualText {
  return {
    it: `sospensione dal ${from} al ${to}: ${detail.it}`,
    en: `suspension from ${from} to ${to}: ${detail.en}`,
  };
}

export function extensionText(days: number): BilingualText {
  return {
    it: `proroga: +${days} ${days === 1 ? 'giorno' : 'giorni'}`,
    en: `extension: +${days} ${days === 1 ? 'day' : 'days'}`,
  };
}

export function nominalText(nominal: CivilDate): BilingualText {
  return { it: `Scadenza nominale: ${nominal}`, en: `Nominal deadline: ${nominal}` };
}

export function nonWorkingReasonText(day: CivilDate, reason: NonWorkingReason): BilingualText {
  if (reason.kind === 'saturday') {
    return {
      it: `${day} è sabato, non lavorativo per questa regola`,
      en: `${day} is a Saturday, a non-working day under this rule`,
    };
  }
  const { holiday } = reason;
  if (holiday.recurrence.kind === 'weekly') {
    return { it: `${day} è ${holiday.name.it}`, en: `${day} is a ${holiday.name.en}` };
  }
  if (holiday.category === 'office-closure') {
    return {
      it: `${day} è giorno di chiusura degli uffici della Città metropolitana (${holiday.name.it})`,
      en: `${day} is a closure day of the CMM offices (${holiday.name.en})`,
    };
  }
  return {
    it: `${day} è festivo (${holiday.name.it})`,
    en: `${day} is a public holiday (${holiday.name.en})`,
  };
}

export function shiftText(reason: BilingualText, to: CivilDate, towardsLater: boolean): BilingualText {
  return towardsLater
    ? { it: `${reason.it}: si passa al ${to}`, en: `${reason.en}: moved forward to ${to}` }
    : { it: `${reason.it}: si anticipa al ${to}`, en: `${reason.en}: moved back to ${to}` };
}

export function dueText(deadline: CivilDate, dueAt: string): BilingualText {
  return {
    it: `Scadenza: ${deadline}, fino alle 23:59:59.999 ora di Roma (${dueAt})`,
    en: `Deadline: ${deadline}, until 23:59:59.999 Rome time (${dueAt})`,
  };
}

export function internalTargetText(target: CivilDate, nominal: CivilDate): BilingualText {
  return {
    it: `Obiettivo interno (obbligo della Città metropolitana): ${target}, ultimo giorno lavorativo non successivo alla scadenza nominale ${nominal}`,
    en: `Internal target (CMM's own obligation): ${target}, the last working day on or before the nominal deadline ${nominal}`,
  };
}

/** How certain a rule is, said next to the rule wherever a computation is explained. */
export function confidenceText(confirmed: 'source' | 'default' | 'configuration'): BilingualText | undefined {
  if (confirmed === 'default') {
    return {
      it: 'valore predefinito documentato: la fonte non fissa questo termine',
      en: 'documented default: the source does not fix this term',
    };
  }
  if (confirmed === 'configuration') {
    return {
      it: 'configurazione scelta esplicitamente: non prevista dalla fonte citata',
      en: 'explicitly chosen configuration: not provided by the cited source',
    };
  }
  return undefined;
}

export function optionalStepText(): BilingualText {
  return {
    it: 'passaggio facoltativo: il termine corre solo se il passaggio è scelto',
    en: 'optional step: the term runs only when the step is chosen',
  };
}

export function triggerText(trigger: string, options: readonly string[]): BilingualText {
  return {
    it: `decorrenza: ${trigger} (configurabile tra ${options.join(', ')})`,
    en: `runs from: ${trigger} (configurable among ${options.join(', ')})`,
  };
}

export function resumesAfterAnswerText(
  rule: string,
  on: CivilDate,
  days: number,
  answeredOn: CivilDate | undefined,
  basis: string,
): BilingualText {
  return answeredOn === undefined
    ? {
        it: `Nessuna osservazione: il termine ${rule} riprende a decorrere dalla scadenza, ${on} (${basis})`,
        en: `No observations: term ${rule} runs again from the expiry, ${on} (${basis})`,
      }
    : {
        it: `Osservazioni presentate il ${answeredOn}: il termine ${rule} riprende a decorrere ${days} giorni dopo, il ${on} (${basis})`,
        en: `Observations filed on ${answeredOn}: term ${rule} runs again ${days} days later, on ${on} (${basis})`,
      };
}

export function suspendedTermText(length: number, unit: TermUnit, start: CivilDate, firstDayCounted = false): BilingualText {
  const words = unitWords(length, unit);
  const first = firstDayCounted
    ? { it: 'il giorno iniziale si computa', en: 'the first day is counted' }
    : { it: 'il giorno iniziale non si computa', en: 'the first day is not counted' };
  return {
    it: `Termine di ${words.it} dal ${start} (${first.it})`,
    en: `Term of ${words.en} from ${start} (${first.en})`,
  };
}

export function openSuspensionText(from: CivilDate, reason: string, legalBasis: string): BilingualText {
  return {
    it: `Sospeso dal ${from} — ${reason} (${legalBasis}): finché la sospensione dura il termine non decorre e la scadenza non è fissata`,
    en: `Suspended since ${from} — ${reason} (${legalBasis}): while the suspension lasts the term does not run and has no due date`,
  };
}

export function autoResumeText(on: CivilDate, cap: SuspensionCap): BilingualText {
  return {
    it: `Riprende a decorrere comunque il ${on}: la sospensione dura al massimo ${cap.maxDays} giorni (${cap.basis})`,
    en: `Runs again on ${on} in any case: the suspension lasts at most ${cap.maxDays} days (${cap.basis})`,
  };
}

export function projectedDueText(resumedOn: CivilDate, deadline: CivilDate): BilingualText {
  return {
    it: `Se la sospensione terminasse il ${resumedOn}, la scadenza sarebbe il ${deadline}`,
    en: `If the suspension ended on ${resumedOn}, the deadline would be ${deadline}`,
  };
}
