import type { Actor } from '../actor';
import { type Refusal, isRefusal, refuse } from '../refusal';
import {
  ADHESION_TERMINAL_STATES,
  type AdhesionAction,
  type AdhesionEvent,
  type AdhesionFacts,
  type AdhesionState,
  type AdhesionStatus,
} from './adhesion.types';

const isStaff = (actor: Actor) => actor.role === 'officer' || actor.role === 'manager';
const blank = (text: string) => text.trim().length === 0;

export const initialAdhesionStatus = (): AdhesionStatus => ({ state: 'received', correctionRequests: 0 });

export const isAdhesionTerminal = (state: AdhesionState): boolean => ADHESION_TERMINAL_STATES.includes(state);

function checkActor(action: AdhesionAction, facts: AdhesionFacts): Refusal | null {
  const { actor } = action;
  if (action.type === 'submit-corrections' || action.type === 'withdraw') {
    return actor.role === 'comune' && actor.istatCode === facts.istatCode
      ? null
      : refuse('forbidden', {
          it: `azione «${action.type}» riservata al Comune ${facts.istatCode}`,
          en: `only the municipality ${facts.istatCode} may ${action.type.replace('-', ' ')}`,
        });
  }
  return isStaff(actor)
    ? null
    : refuse('forbidden', {
        it: `azione «${action.type}» riservata ai funzionari e ai dirigenti della Città metropolitana`,
        en: `only CMM officers and managers may ${action.type.replace(/-/g, ' ')}`,
      });
}

function checkInput(action: AdhesionAction): Refusal | null {
  switch (action.type) {
    case 'request-corrections':
      return action.corrections.length === 0 || action.corrections.some(blank)
        ? refuse('invalid-input', {
            it: "corrections: indicare almeno un'integrazione da apportare",
            en: 'corrections: list at least one correction to make',
          })
        : null;
    case 'reject':
      return blank(action.reasons)
        ? refuse('invalid-input', { it: 'reasons: il rigetto deve essere motivato', en: 'reasons: a rejection must be motivated' })
        : null;
    case 'withdraw':
      return blank(action.reason) ? refuse('invalid-input', { it: 'reason: la motivazione è obbligatoria', en: 'reason: required' }) : null;
    default:
      return null;
  }
}

/** The state an event leads to, or why it may not happen now. */
export function nextAdhesionState(status: AdhesionStatus, event: AdhesionEvent, facts: AdhesionFacts): AdhesionState | Refusal {
  const { state } = status;
  if ('actor' in event) {
    const refusal = checkActor(event, facts) ?? checkInput(event);
    if (refusal) return refusal;
  }
  const wrongState = (allowed: string, allowedIt = allowed) =>
    refuse(
      'invalid-state',
      {
        it: `azione «${event.type}» non consentita nello stato «${state}» dell'adesione (consentita in: ${allowedIt})`,
        en: `${event.type} is not allowed while the adhesion is ${state} (allowed: ${allowed})`,
      },
      state,
    );
  if (isAdhesionTerminal(state)) return wrongState('none: the case is closed', 'nessuno stato: la pratica è chiusa');
  switch (event.type) {
    case 'registered':
      return state === 'received' ? 'under-review' : wrongState('received');
    case 'request-corrections':
      return state === 'under-review' ? 'corrections-requested' : wrongState('under-review');
    case 'submit-corrections':
      return state === 'corrections-requested' ? 'under-review' : wrongState('corrections-requested');
    case 'register-adhesion':
      return state === 'under-review' ? 'registered' : wrongState('under-review');
    case 'reject':
      return state === 'under-review' || state === 'corrections-requested' ? 'rejected' : wrongState('under-review, corrections-requested');
    case 'withdraw':
      // Before registration only: once registered, leaving is a new deliberation (a revocation).
      return state === 'received' ? wrongState('after the protocol registration', 'solo dopo la registrazione a protocollo') : 'withdrawn';
  }
}

export function applyAdhesionEvent(status: AdhesionStatus, event: AdhesionEvent, facts: AdhesionFacts): AdhesionStatus {
  const next = nextAdhesionState(status, event, facts);
  if (isRefusal(next)) throw new Error(`applyAdhesionEvent on a refused event: ${next.message}`);
  return { state: next, correctionRequests: status.correctionRequests + (event.type === 'request-corrections' ? 1 : 0) };
}
