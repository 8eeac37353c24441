import type { SessionNoticeVerdict } from '@cmm/contracts';
import { refuse } from '@cmm/domain';
import { formatItalianDate } from '@cmm/legal-calendar';
import { refuseUpdate } from './refusals';

/**
 * Refuses a session convened too late for the rulebook's notice, naming the field that carries
 * its start (a conference's `session.startsAt`, an evaluation's `firstSession.startsAt`) and the
 * last day it could have been convened.
 */
export function refuseIfNoticeTooShort(field: string, verdict: SessionNoticeVerdict): void {
  if (verdict.ok) return;
  refuseUpdate(
    refuse('invalid-input', {
      it: `${field}: una seduta in quel giorno va convocata entro il ${formatItalianDate(verdict.latestConvocationDate)} (preavviso di ${verdict.noticeDays} giorni, ${verdict.legalSource})`,
      en: `${field}: a session on that day must be convened by ${verdict.latestConvocationDate} (${verdict.noticeDays} days' notice, ${verdict.legalSource})`,
    }),
  );
}
