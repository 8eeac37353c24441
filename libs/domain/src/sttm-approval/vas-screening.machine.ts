import type { Actor } from '../actor';
import { type Refusal, isRefusal, refuse } from '../refusal';
import type { SttmAct, VasOutcome } from './sttm-approval.types';

/**
 * Verifica di assoggettabilità a VAS with VIncA screening level 1 (D.Lgs. 152/2006 art. 12;
 * Relazione generale §2.1 note 3): deposit on SIVAS, notice to the environmental authorities
 * and ZSC/ZPS managing bodies, VIncA screening request to the Region, conferenza di verifica,
 * opinions, decree.
 */
export const VAS_STEPS = ['sivas-deposit', 'authorities-notice', 'vinca-request', 'conferenza-di-verifica'] as const;
export type VasStep = (typeof VAS_STEPS)[number];

export const VAS_STATES = ['started', 'deposited', 'consultation', 'excluded', 'subjected', 'cancelled'] as const;
export type VasState = (typeof VAS_STATES)[number];
export const VAS_TERMINAL_STATES: readonly VasState[] = ['excluded', 'subjected', 'cancelled'];

export interface VasStatus {
  state: VasState;
  steps: Partial<Record<VasStep, SttmAct>>;
  opinions: { from: string; receivedOn: string; late: boolean }[];
  opinionsClosed: boolean;
}

export type VasAction =
  | { type: 'record-step'; actor: Actor; step: VasStep; act: SttmAct }
  | { type: 'record-opinion'; actor: Actor; from: string; text: string; documentIds: string[]; receivedOn: string }
  | { type: 'decide'; actor: Actor; outcome: VasOutcome; act: SttmAct; reasons: string };

export type VasEvent = VasAction | { type: 'opinions-term-expired' } | { type: 'cancelled' };

export const initialVasStatus = (): VasStatus => ({ state: 'started', steps: {}, opinions: [], opinionsClosed: false });
export const isVasTerminal = (state: VasState) => VAS_TERMINAL_STATES.includes(state);

/** What each step needs before it (the order of note 3). */
const PREREQUISITE: Record<VasStep, VasStep | null> = {
  'sivas-deposit': null,
  'authorities-notice': 'sivas-deposit',
  'vinca-request': 'sivas-deposit',
  'conferenza-di-verifica': 'authorities-notice',
};

const CIVIL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function vasNextState(status: VasStatus, event: VasEvent): VasState | Refusal {
  const { state } = status;
  if ('actor' in event) {
    if (event.actor.role !== 'officer' && event.actor.role !== 'manager')
      return refuse('forbidden', {
        it: 'nella verifica di assoggettabilità a VAS agiscono solo i funzionari e i dirigenti della Città metropolitana',
        en: 'only CMM officers and managers act in the VAS screening',
      });
    if ('act' in event && (event.act.number.trim() === '' || !CIVIL_DATE.test(event.act.date)))
      return refuse('invalid-input', {
        it: "act: numero e data (AAAA-MM-GG) dell'atto sono obbligatori",
        en: 'act: number and date (YYYY-MM-DD) are required',
      });
  }
  if (isVasTerminal(state))
    return refuse(
      'invalid-state',
      { it: `la verifica di assoggettabilità a VAS è conclusa (stato «${state}»)`, en: `the VAS screening is closed (${state})` },
      state,
    );
  switch (event.type) {
    case 'record-step': {
      if (status.steps[event.step])
        return refuse(
          'invalid-state',
          { it: `il passaggio «${event.step}» è già registrato`, en: `${event.step} is already recorded` },
          state,
        );
      const needed = PREREQUISITE[event.step];
      if (needed && !status.steps[needed])
        return refuse(
          'invalid-state',
          { it: `il passaggio «${event.step}» segue «${needed}»`, en: `${event.step} comes after ${needed}` },
          state,
        );
      if (event.step === 'sivas-deposit') return 'deposited';
      return event.step === 'authorities-notice' ? 'consultation' : state;
    }
    case 'record-opinion':
      if (state !== 'consultation')
        return refuse(
          'invalid-state',
          {
            it: 'i pareri si raccolgono dopo la comunicazione ai soggetti competenti in materia ambientale',
            en: 'opinions are collected after the notice to the environmental authorities',
          },
          state,
        );
      if (event.from.trim() === '' || event.text.trim() === '')
        return refuse('invalid-input', {
          it: 'from e text: mittente e testo del parere sono obbligatori',
          en: 'from and text are required',
        });
      return state;
    case 'opinions-term-expired':
      return state;
    case 'decide': {
      if (event.actor.role !== 'manager')
        return refuse('forbidden', {
          it: 'il decreto è firmato dal dirigente (autorità competente per la VAS)',
          en: 'the decree is signed by the manager (autorità competente per la VAS)',
        });
      if (event.act.type !== 'decree')
        return refuse('invalid-input', {
          it: 'act.type: la verifica si conclude con un decreto («decree»)',
          en: 'act.type: the screening is closed by a decree',
        });
      const missing = VAS_STEPS.filter((s) => !status.steps[s]);
      if (missing.length > 0)
        return refuse(
          'invalid-state',
          {
            it: `passaggi da registrare prima del decreto: ${missing.join(', ')}`,
            en: `steps still to record before the decree: ${missing.join(', ')}`,
          },
          state,
        );
      if (event.outcome === 'subjected' && event.reasons.trim() === '')
        return refuse('invalid-input', {
          it: "reasons: l'assoggettamento a VAS deve essere motivato",
          en: 'reasons: subjection to VAS must be motivated',
        });
      return event.outcome;
    }
    case 'cancelled':
      return 'cancelled';
  }
}

export function applyVasEvent(status: VasStatus, event: VasEvent): VasStatus {
  const next = vasNextState(status, event);
  if (isRefusal(next)) throw new Error(`applyVasEvent on a refused event: ${next.message}`);
  switch (event.type) {
    case 'record-step':
      return { ...status, state: next, steps: { ...status.steps, [event.step]: event.act } };
    case 'record-opinion':
      return {
        ...status,
        state: next,
        opinions: [...status.opinions, { from: event.from, receivedOn: event.receivedOn, late: status.opinionsClosed }],
      };
    case 'opinions-term-expired':
      return { ...status, opinionsClosed: true };
    default:
      return { ...status, state: next };
  }
}
