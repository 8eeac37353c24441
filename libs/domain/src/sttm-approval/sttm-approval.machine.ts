import { formatItalianDate } from '@cmm/legal-calendar';
import type { Actor } from '../actor';
import { type Refusal, type RefusalText, isRefusal, refuse } from '../refusal';
import {
  type ActKind,
  STTM_STATES,
  STTM_TERMINAL_STATES,
  type SttmAct,
  type SttmAction,
  type SttmEvent,
  type SttmFacts,
  type SttmSchedule,
  type SttmState,
  type SttmStatus,
} from './sttm-approval.types';

export const initialSttmStatus = (): SttmStatus => ({
  state: 'participation',
  planned: null,
  vas: 'running',
  availableOn: null,
  conferenzaOn: null,
  adoptedOn: null,
  observations: [],
});

export const isSttmTerminal = (state: SttmState): boolean => STTM_TERMINAL_STATES.includes(state);

const isStaff = (actor: Actor) => actor.role === 'officer' || actor.role === 'manager';
const blank = (text: string) => text.trim().length === 0;
const CIVIL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const isDate = (text: string) =>
  CIVIL_DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

/** Which act closes which step (Relazione generale §2.1). */
const EXPECTED_ACT: Partial<Record<SttmAction['type'], { kind: ActKind; label: string }>> = {
  'approve-preliminary': { kind: 'decree', label: 'decreto del Sindaco metropolitano' },
  'make-available': { kind: 'notice', label: 'avviso di messa a disposizione' },
  'convoke-conferenza': { kind: 'notice', label: 'avviso di convocazione' },
  'hold-conferenza': { kind: 'minutes', label: 'verbale della conferenza' },
  adopt: { kind: 'resolution', label: 'delibera del Consiglio metropolitano' },
  'publish-adoption': { kind: 'notice', label: "avviso di pubblicazione all'albo pretorio" },
  'publish-burl-notice': { kind: 'notice', label: 'avviso nel Bollettino Ufficiale della Regione Lombardia' },
  'approve-final': { kind: 'resolution', label: 'delibera del Consiglio metropolitano' },
  'publish-approval': { kind: 'notice', label: "avviso di pubblicazione all'albo pretorio" },
};

function checkAct(type: SttmAction['type'], act: SttmAct): Refusal | null {
  const expected = EXPECTED_ACT[type];
  if (expected && act.type !== expected.kind)
    return refuse('invalid-input', {
      it: `act.type: l'azione «${type}» si chiude con un atto di tipo «${expected.kind}» (${expected.label}), non «${act.type}»`,
      en: `act.type: ${type} is closed by a ${expected.kind} (${expected.label}), not a ${act.type}`,
    });
  if (blank(act.number))
    return refuse('invalid-input', { it: "act.number: il numero dell'atto è obbligatorio", en: 'act.number: required' });
  if (!isDate(act.date))
    return refuse('invalid-input', {
      it: `act.date: ${act.date} non è una data di calendario (AAAA-MM-GG)`,
      en: `act.date: ${act.date} is not a calendar date (YYYY-MM-DD)`,
    });
  return null;
}

function checkInput(action: SttmAction): Refusal | null {
  if ('act' in action) {
    const refusal = checkAct(action.type, action.act);
    if (refusal) return refusal;
  }
  switch (action.type) {
    case 'record-participation':
      if (blank(action.title)) return refuse('invalid-input', { it: 'title: il titolo è obbligatorio', en: 'title: required' });
      return isDate(action.date)
        ? null
        : refuse('invalid-input', {
            it: `date: ${action.date} non è una data di calendario`,
            en: `date: ${action.date} is not a calendar date`,
          });
    case 'convoke-conferenza':
      return isDate(action.meetingDate)
        ? null
        : refuse('invalid-input', {
            it: `meetingDate: ${action.meetingDate} non è una data di calendario`,
            en: `meetingDate: ${action.meetingDate} is not a calendar date`,
          });
    case 'record-opinion':
    case 'record-observation':
      if (blank(action.from)) return refuse('invalid-input', { it: 'from: indicare il mittente', en: 'from: say who sent it' });
      if (blank(action.text)) return refuse('invalid-input', { it: 'text: il testo è obbligatorio', en: 'text: required' });
      return isDate(action.receivedOn)
        ? null
        : refuse('invalid-input', {
            it: `receivedOn: ${action.receivedOn} non è una data di calendario`,
            en: `receivedOn: ${action.receivedOn} is not a calendar date`,
          });
    case 'record-controdeduzione':
      return blank(action.text)
        ? refuse('invalid-input', {
            it: 'text: la controdeduzione deve essere motivata',
            en: 'text: the controdeduzione must be motivated',
          })
        : null;
    case 'cancel':
      return blank(action.reason) ? refuse('invalid-input', { it: 'reason: la motivazione è obbligatoria', en: 'reason: required' }) : null;
    default:
      return null;
  }
}

const windowText = (s: SttmSchedule) => `dal ${formatItalianDate(s.conferenzaFrom)} al ${formatItalianDate(s.conferenzaTo)}`;
const windowTextEn = (s: SttmSchedule) => `from ${s.conferenzaFrom} to ${s.conferenzaTo}`;
const basis = (s: SttmSchedule) => `NdA PTM art. 7bis c.4${s.halved ? ', termini dimezzati art. 7bis c.7' : ''}`;

/**
 * Why an adoption on `schedule.adoptionDate` would violate the 90/60-day constraints given the
 * dates already recorded, or null. Messages carry the dates that would be valid.
 */
export function adoptionProblem(status: Pick<SttmStatus, 'availableOn' | 'conferenzaOn'>, schedule: SttmSchedule): RefusalText | null {
  const problems: RefusalText[] = [];
  if (status.availableOn && status.availableOn > schedule.availabilityLatest) {
    problems.push({
      it: `la proposta è stata messa a disposizione il ${formatItalianDate(status.availableOn)}: per adottare il ${formatItalianDate(schedule.adoptionDate)} doveva esserlo entro il ${formatItalianDate(schedule.availabilityLatest)}`,
      en: `the proposal was made available on ${status.availableOn}: to adopt on ${schedule.adoptionDate} it had to be by ${schedule.availabilityLatest}`,
    });
  }
  if (status.conferenzaOn && (status.conferenzaOn < schedule.conferenzaFrom || status.conferenzaOn > schedule.conferenzaTo)) {
    problems.push({
      it: `la conferenza istruttoria del ${formatItalianDate(status.conferenzaOn)} è fuori dalla finestra per l'adozione del ${formatItalianDate(schedule.adoptionDate)} (${windowText(schedule)})`,
      en: `the conferenza held on ${status.conferenzaOn} is outside the window for an adoption on ${schedule.adoptionDate} (${windowTextEn(schedule)})`,
    });
  }
  if (problems.length === 0) return null;
  return {
    it: `${problems.map((p) => p.it).join('; ')} (${basis(schedule)})`,
    en: `${problems.map((p) => p.en).join('; ')} (${basis(schedule)})`,
  };
}

/** The state an event leads to, or why it may not happen now. */
export function sttmNextState(status: SttmStatus, event: SttmEvent, facts: SttmFacts): SttmState | Refusal {
  const { state } = status;
  if ('actor' in event) {
    if (!isStaff(event.actor))
      return refuse('forbidden', {
        it: `azione «${event.type}» riservata ai funzionari e ai dirigenti della Città metropolitana`,
        en: `only CMM officers and managers may ${event.type.replace(/-/g, ' ')}`,
      });
    if (event.type === 'cancel' && event.actor.role !== 'manager')
      return refuse('forbidden', { it: 'solo il dirigente può annullare il procedimento', en: 'only a manager may cancel the procedure' });
    const refusal = checkInput(event);
    if (refusal) return refusal;
  }
  const wrongState = (allowed: string, allowedIt = allowed) =>
    refuse(
      'invalid-state',
      {
        it: `azione «${event.type}» non consentita nello stato «${state}» dello STTM (consentita in: ${allowedIt})`,
        en: `${event.type} is not allowed while the STTM is ${state} (allowed: ${allowed})`,
      },
      state,
    );
  if (isSttmTerminal(state)) return wrongState('none: the procedure is closed', 'nessuno stato: il procedimento è chiuso');
  const before = (limit: SttmState) => ORDER.indexOf(state) < ORDER.indexOf(limit);
  switch (event.type) {
    case 'plan-adoption': {
      if (!before('adopted')) return wrongState('before the adoption', "prima dell'adozione");
      if (!event.schedule) return state;
      const problem = adoptionProblem(status, event.schedule);
      return problem
        ? refuse(
            'invalid-input',
            { it: `data di adozione prevista non ammessa: ${problem.it}`, en: `planned adoption date not allowed: ${problem.en}` },
            state,
          )
        : state;
    }
    case 'record-participation':
      return before('adopted') ? state : wrongState('before the adoption', "prima dell'adozione");
    case 'approve-preliminary':
      return state === 'participation' ? 'preliminary-approved' : wrongState('participation');
    case 'make-available': {
      if (state !== 'preliminary-approved') return wrongState('preliminary-approved');
      if (status.vas !== 'excluded')
        return refuse(
          'invalid-state',
          {
            it: 'la verifica di assoggettabilità a VAS non è conclusa: la proposta si mette a disposizione dopo il decreto di esclusione',
            en: 'the VAS screening is not concluded: the proposal is made available after the exclusion decree',
          },
          state,
        );
      if (!status.planned)
        return refuse(
          'invalid-state',
          {
            it: "indicare prima la data di adozione prevista: l'ultimo giorno utile per la messa a disposizione si calcola da essa",
            en: 'set the planned adoption date first: the latest availability date is computed from it',
          },
          state,
        );
      if (event.act.date > status.planned.availabilityLatest) {
        return refuse(
          'invalid-input',
          {
            it: `messa a disposizione il ${formatItalianDate(event.act.date)} non ammessa: per l'adozione prevista il ${formatItalianDate(status.planned.adoptionDate)} l'ultimo giorno utile è il ${formatItalianDate(status.planned.availabilityLatest)} (${basis(status.planned)}); anticipare la messa a disposizione o posticipare l'adozione`,
            en: `availability on ${event.act.date} not allowed: for the adoption planned on ${status.planned.adoptionDate} the last possible day is ${status.planned.availabilityLatest} (${basis(status.planned)}); make the proposal available earlier or postpone the adoption`,
          },
          state,
        );
      }
      return 'proposal-available';
    }
    case 'convoke-conferenza':
    case 'hold-conferenza': {
      const allowed: SttmState = event.type === 'convoke-conferenza' ? 'proposal-available' : 'conferenza-convened';
      if (state !== allowed) return wrongState(allowed);
      const date = event.type === 'convoke-conferenza' ? event.meetingDate : event.act.date;
      const planned = status.planned as SttmSchedule;
      if (date < planned.conferenzaFrom || date > planned.conferenzaTo) {
        return refuse(
          'invalid-input',
          {
            it: `conferenza istruttoria il ${formatItalianDate(date)} non ammessa: per l'adozione prevista il ${formatItalianDate(planned.adoptionDate)} va tenuta ${windowText(planned)} (${basis(planned)})`,
            en: `conferenza on ${date} not allowed: for the adoption planned on ${planned.adoptionDate} it must be held ${windowTextEn(planned)} (${basis(planned)})`,
          },
          state,
        );
      }
      return event.type === 'convoke-conferenza' ? 'conferenza-convened' : 'conferenza-held';
    }
    case 'record-opinion':
      return state === 'proposal-available' || state === 'conferenza-convened' || state === 'conferenza-held'
        ? state
        : wrongState('from the availability until the adoption', "dalla messa a disposizione all'adozione");
    case 'adopt': {
      if (state !== 'conferenza-held') return wrongState('conferenza-held');
      if (!event.schedule) return 'adopted';
      const problem = adoptionProblem(status, event.schedule);
      return problem
        ? refuse(
            'invalid-input',
            {
              it: `adozione il ${formatItalianDate(event.act.date)} non ammessa: ${problem.it}`,
              en: `adoption on ${event.act.date} not allowed: ${problem.en}`,
            },
            state,
          )
        : 'adopted';
    }
    case 'publish-adoption':
      if (state !== 'adopted') return wrongState('adopted');
      return facts.osservazioniTrigger === 'burl-notice' ? 'adoption-published' : 'osservazioni';
    case 'publish-burl-notice': {
      if (state !== 'adoption-published')
        return wrongState(
          'adoption-published (osservazioni opened by the BURL notice)',
          "adoption-published (osservazioni aperte dall'avviso sul BURL)",
        );
      const published = status.adoptionPublishedOn;
      return published && event.act.date < published
        ? refuse('invalid-input', {
            it: `act.date: l'avviso sul BURL non può precedere la pubblicazione all'albo pretorio del ${formatItalianDate(published)}`,
            en: `act.date: the BURL notice cannot precede the publication at the albo pretorio on ${published}`,
          })
        : 'osservazioni';
    }
    case 'record-observation':
      if (state !== 'osservazioni') return wrongState('osservazioni (the period is open)', 'osservazioni (periodo aperto)');
      return status.observations.some((o) => o.id === event.observationId)
        ? refuse(
            'invalid-input',
            { it: `l'osservazione ${event.observationId} è già registrata`, en: `observation ${event.observationId} is already recorded` },
            state,
          )
        : state;
    case 'osservazioni-closed':
      return state === 'osservazioni' ? 'controdeduzioni' : wrongState('osservazioni');
    case 'record-controdeduzione':
      if (state !== 'osservazioni' && state !== 'controdeduzioni') return wrongState('osservazioni, controdeduzioni');
      return status.observations.some((o) => o.id === event.observationId)
        ? state
        : refuse(
            'invalid-input',
            {
              it: `observationId: nessuna osservazione ${event.observationId}`,
              en: `observationId: no observation ${event.observationId}`,
            },
            state,
          );
    case 'approve-final': {
      if (state !== 'controdeduzioni')
        return wrongState('controdeduzioni (after the osservazioni period)', 'controdeduzioni (dopo il periodo delle osservazioni)');
      const open = status.observations.filter((o) => !o.controdeduzione).map((o) => `${o.id} (${o.from})`);
      return open.length > 0
        ? refuse(
            'invalid-state',
            {
              it: `controdeduzioni mancanti per le osservazioni: ${open.join(', ')}`,
              en: `controdeduzioni missing for the observations: ${open.join(', ')}`,
            },
            state,
          )
        : 'approved';
    }
    case 'publish-approval':
      return state === 'approved' ? 'in-force' : wrongState('approved');
    case 'vas-concluded':
      return event.outcome === 'subjected' ? 'vas-subjected' : state;
    case 'cancel':
      return 'cancelled';
  }
}

/** The course of the iter: the states in order, without the two ways out of it (VAS subjection, cancellation). */
const ORDER: readonly SttmState[] = STTM_STATES.filter((state) => state !== 'vas-subjected' && state !== 'cancelled');

/** Applies an accepted event. Call only after sttmNextState accepted it. */
export function applySttmEvent(status: SttmStatus, event: SttmEvent, facts: SttmFacts): SttmStatus {
  const next = sttmNextState(status, event, facts);
  if (isRefusal(next)) throw new Error(`applySttmEvent on a refused event: ${next.message}`);
  const changed: SttmStatus = { ...status, state: next };
  switch (event.type) {
    case 'plan-adoption':
      return { ...changed, planned: event.schedule };
    case 'make-available':
      return { ...changed, availableOn: event.act.date };
    case 'hold-conferenza':
      return { ...changed, conferenzaOn: event.act.date };
    case 'adopt':
      return { ...changed, adoptedOn: event.act.date };
    case 'publish-adoption':
      return { ...changed, adoptionPublishedOn: event.act.date };
    case 'vas-concluded':
      return { ...changed, vas: event.outcome };
    case 'record-observation':
      return {
        ...changed,
        observations: [
          ...status.observations,
          {
            id: event.observationId,
            from: event.from,
            text: event.text,
            documentIds: event.documentIds,
            receivedOn: event.receivedOn,
            controdeduzione: null,
          },
        ],
      };
    case 'record-controdeduzione':
      return {
        ...changed,
        observations: status.observations.map((o) =>
          o.id === event.observationId ? { ...o, controdeduzione: { outcome: event.outcome, text: event.text } } : o,
        ),
      };
    default:
      return changed;
  }
}
