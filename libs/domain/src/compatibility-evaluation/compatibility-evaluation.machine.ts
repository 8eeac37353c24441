import type { Actor } from '../actor';
import { type Refusal, isRefusal, refuse } from '../refusal';
import {
  type EvaluationAction,
  type EvaluationEvent,
  type EvaluationFacts,
  type EvaluationState,
  type EvaluationStatus,
  TERMINAL_STATES,
} from './compatibility-evaluation.types';

const CMM_STAFF = ['officer', 'manager'] as const;

const isStaff = (actor: Actor) => (CMM_STAFF as readonly string[]).includes(actor.role);
const isOwnMunicipality = (actor: Actor, facts: EvaluationFacts) => actor.role === 'comune' && actor.istatCode === facts.istatCode;

export const initialStatus = (): EvaluationStatus => ({
  state: 'received',
  integrationRequests: 0,
  answerOverdue: false,
  relevance: null,
  concertation: null,
  conference: null,
  agreement: null,
});

export const isTerminal = (state: EvaluationState): boolean => TERMINAL_STATES.includes(state);

const blank = (text: string) => text.trim().length === 0;

/** Who may act, and on what input, regardless of the state. */
function checkActor(action: EvaluationAction, facts: EvaluationFacts): Refusal | null {
  const { actor } = action;
  switch (action.type) {
    case 'submit-integration':
    case 'withdraw':
      return isOwnMunicipality(actor, facts)
        ? null
        : refuse('forbidden', {
            it: `azione «${action.type}» riservata al Comune ${facts.istatCode}`,
            en: `only the municipality ${facts.istatCode} may ${action.type.replace('-', ' ')}`,
          });
    case 'issue-opinion':
      return actor.role === 'manager'
        ? null
        : refuse('forbidden', { it: 'il parere è firmato solo dal dirigente', en: 'only a manager signs the opinion' });
    default:
      return isStaff(actor)
        ? null
        : refuse('forbidden', {
            it: `azione «${action.type}» riservata ai funzionari e ai dirigenti della Città metropolitana`,
            en: `only CMM officers and managers may ${action.type.replace(/-/g, ' ')}`,
          });
  }
}

function checkInput(action: EvaluationAction): Refusal | null {
  switch (action.type) {
    case 'request-integration':
      return action.missing.length === 0 || action.missing.some(blank)
        ? refuse('invalid-input', {
            it: 'missing: indicare almeno un documento o contenuto mancante',
            en: 'missing: list at least one missing document or content',
          })
        : null;
    case 'decide-relevance':
      return blank(action.reasons)
        ? refuse('invalid-input', {
            it: 'reasons: la decisione sulla rilevanza sovracomunale deve essere motivata',
            en: 'reasons: the decision on supra-municipal relevance must be motivated',
          })
        : null;
    case 'issue-opinion':
      if (action.outcome === 'favourable-with-prescriptions' && action.prescriptions.length === 0) {
        return refuse('invalid-input', {
          it: 'prescriptions: il parere favorevole con prescrizioni ne indica almeno una',
          en: 'prescriptions: a favourable opinion with prescriptions lists at least one',
        });
      }
      if (action.outcome === 'unfavourable' && blank(action.reasons))
        return refuse('invalid-input', {
          it: 'reasons: il parere sfavorevole deve essere motivato',
          en: 'reasons: an unfavourable opinion must be motivated',
        });
      return null;
    case 'withdraw':
    case 'archive':
      return blank(action.reason) ? refuse('invalid-input', { it: 'reason: la motivazione è obbligatoria', en: 'reason: required' }) : null;
    case 'close-inadmissible':
      return blank(action.reasons)
        ? refuse('invalid-input', { it: 'reasons: la motivazione è obbligatoria', en: 'reasons: required' })
        : null;
    case 'record-concertation-outcome':
      return blank(action.reasons)
        ? refuse('invalid-input', {
            it: "reasons: descrivere l'esito della conferenza",
            en: 'reasons: describe the outcome of the conference',
          })
        : null;
    case 'convoke-conference':
      return action.convened.length < 2
        ? refuse('invalid-input', {
            it: 'municipalities: convocare almeno due Comuni',
            en: 'municipalities: convene at least two municipalities',
          })
        : null;
    default:
      return null;
  }
}

/** The state an event leads to, or why it may not happen now. */
export function nextState(status: EvaluationStatus, event: EvaluationEvent, facts: EvaluationFacts): EvaluationState | Refusal {
  const { state } = status;
  if ('actor' in event) {
    const refusal = checkActor(event, facts) ?? checkInput(event);
    if (refusal) return refusal;
  }
  const wrongState = (allowed: string, allowedIt = allowed) =>
    refuse(
      'invalid-state',
      {
        it: `azione «${event.type}» non consentita nello stato «${state}» della pratica (consentita in: ${allowedIt})`,
        en: `${event.type} is not allowed while the case is ${state} (allowed: ${allowed})`,
      },
      state,
    );
  if (isTerminal(state)) {
    return event.type === 'issue-opinion' && state === 'deemed-favourable'
      ? refuse(
          'invalid-state',
          {
            it: 'il termine è scaduto: la valutazione si intende favorevole per legge (LR 12/2005 art. 13 c.5); un parere tardivo non ha effetto',
            en: 'the term expired: the evaluation is deemed favourable by law (LR 12/2005 art. 13 c.5); a late opinion has no effect',
          },
          state,
        )
      : wrongState('none: the case is closed', 'nessuno stato: la pratica è chiusa');
  }
  switch (event.type) {
    case 'registered':
      return state === 'received' ? 'awaiting-completeness-check' : wrongState('received');
    case 'confirm-completeness':
      return state === 'awaiting-completeness-check' ? 'under-evaluation' : wrongState('awaiting-completeness-check');
    case 'request-integration':
      if (state !== 'awaiting-completeness-check' && state !== 'under-evaluation')
        return wrongState('awaiting-completeness-check, under-evaluation');
      if (status.integrationRequests >= facts.integrationRequestsAllowed) {
        return refuse(
          'invalid-state',
          {
            it: `il regolamento consente ${facts.integrationRequestsAllowed} richiesta/e di integrazione (L. 241/1990 art. 2 c.7); una è già stata inviata`,
            en: `the rulebook allows ${facts.integrationRequestsAllowed} integration request(s) (L. 241/1990 art. 2 c.7); one was already made`,
          },
          state,
        );
      }
      return 'integration-requested';
    case 'submit-integration':
      return state === 'integration-requested' ? 'awaiting-completeness-check' : wrongState('integration-requested');
    case 'answer-term-expired':
      return state === 'integration-requested' ? state : wrongState('integration-requested');
    case 'close-inadmissible':
      if (state !== 'integration-requested') return wrongState('integration-requested');
      return status.answerOverdue
        ? 'inadmissible'
        : refuse(
            'invalid-state',
            {
              it: 'il termine del Comune per rispondere alla richiesta di integrazione non è ancora scaduto',
              en: 'the municipality still has time to answer the integration request',
            },
            state,
          );
    case 'decide-relevance':
      if (state !== 'under-evaluation') return wrongState('under-evaluation');
      if (status.relevance)
        return refuse(
          'invalid-state',
          { it: 'la rilevanza sovracomunale è già stata decisa', en: 'supra-municipal relevance was already decided' },
          state,
        );
      return event.recognised ? 'concertation' : 'under-evaluation';
    case 'record-concertation-outcome':
      if (state !== 'concertation') return wrongState('concertation');
      return status.conference?.running
        ? refuse(
            'invalid-state',
            {
              it: "la conferenza di concertazione è in corso: l'esito si registra alla sua chiusura",
              en: 'the concertation conference is in progress: its outcome is recorded when it closes',
            },
            state,
          )
        : 'under-evaluation';
    case 'convoke-conference':
      if (state !== 'concertation') return wrongState('concertation');
      // A withdrawn conference may be convened anew; a running or concluded one may not.
      return status.conference && !status.conference.withdrawn
        ? refuse(
            'invalid-state',
            { it: 'la conferenza di concertazione è già stata convocata', en: 'the concertation conference was already convened' },
            state,
          )
        : state;
    case 'concertation-concluded':
      return state === 'concertation' ? 'under-evaluation' : state;
    case 'conference-withdrawn':
      return state;
    case 'agreement-concluded':
      return state;
    case 'issue-opinion':
      if (state !== 'under-evaluation') return wrongState('under-evaluation');
      if (facts.declaresSupraMunicipalRelevance && !status.relevance) {
        return refuse(
          'invalid-state',
          {
            it: 'prima del parere occorre decidere sulla rilevanza sovracomunale dichiarata',
            en: 'decide on the declared supra-municipal relevance before the opinion',
          },
          state,
        );
      }
      return 'opinion-issued';
    case 'withdraw':
      return 'withdrawn';
    case 'archive':
      return 'archived';
    case 'term-expired':
      return state === 'received' ? wrongState('after registration', 'dopo la registrazione a protocollo') : 'deemed-favourable';
  }
}

/** Applies an accepted event: the status after it. Call only after nextState accepted it. */
export function applyEvent(status: EvaluationStatus, event: EvaluationEvent, facts: EvaluationFacts): EvaluationStatus {
  const next = nextState(status, event, facts);
  if (isRefusal(next)) throw new Error(`applyEvent on a refused event: ${next.message}`);
  return {
    state: next,
    integrationRequests: status.integrationRequests + (event.type === 'request-integration' ? 1 : 0),
    answerOverdue: event.type === 'answer-term-expired' ? true : event.type === 'submit-integration' ? false : status.answerOverdue,
    relevance: event.type === 'decide-relevance' ? { recognised: event.recognised, reasons: event.reasons } : status.relevance,
    concertation:
      event.type === 'record-concertation-outcome'
        ? { outcome: event.outcome, reasons: event.reasons }
        : event.type === 'concertation-concluded'
          ? {
              outcome: event.outcome,
              reasons: event.reasons,
              conferenceCaseId: event.conferenceCaseId,
              agreementCaseId: event.agreementCaseId,
            }
          : status.concertation,
    conference:
      event.type === 'convoke-conference'
        ? { caseId: event.conferenceCaseId, running: true }
        : event.type === 'concertation-concluded' && status.conference
          ? { ...status.conference, running: false }
          : event.type === 'conference-withdrawn' && status.conference?.caseId === event.conferenceCaseId
            ? { ...status.conference, running: false, withdrawn: { reason: event.reason } }
            : status.conference,
    agreement:
      event.type === 'agreement-concluded'
        ? { caseId: event.agreementCaseId, outcome: event.outcome, inForceOn: event.inForceOn }
        : status.agreement,
  };
}
