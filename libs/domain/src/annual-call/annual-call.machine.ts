import { formatItalianDate } from '@cmm/legal-calendar';
import type { Actor } from '../actor';
import { type Refusal, type RefusalText, isRefusal, refuse } from '../refusal';
import {
  CALL_TERMINAL_STATES,
  type CallAction,
  type CallEvent,
  type CallFacts,
  type CallState,
  type CallStatus,
  type Proposal,
} from './annual-call.types';
import { checkProposalSubmission } from './annual-call.submission';
import { eligibilityProblems, rankProposals, scoresProblem } from './ranking';

export const initialCallStatus = (): CallStatus => ({ state: 'open', proposals: [], ranking: null });
export const isCallTerminal = (state: CallState): boolean => CALL_TERMINAL_STATES.includes(state);

const isStaff = (actor: Actor) => actor.role === 'officer' || actor.role === 'manager';
const blank = (text: string) => text.trim().length === 0;

function checkActor(action: CallAction): Refusal | null {
  switch (action.type) {
    case 'submit-proposal':
      return action.actor.role === 'comune' && action.actor.istatCode
        ? null
        : refuse('forbidden', {
            it: "solo un Comune può presentare proposte all'avviso annuale",
            en: 'only a municipality submits proposals to the annual call',
          });
    case 'amend-proposal':
      return action.actor.role === 'comune' && action.actor.istatCode
        ? null
        : refuse('forbidden', {
            it: "solo un Comune può correggere una proposta all'avviso annuale",
            en: 'only a municipality corrects a proposal to the annual call',
          });
    case 'approve-ranking':
    case 'cancel':
      return action.actor.role === 'manager'
        ? null
        : refuse('forbidden', {
            it: `solo un dirigente può ${action.type === 'cancel' ? "annullare l'avviso" : 'approvare la graduatoria'}`,
            en: `only a manager may ${action.type === 'cancel' ? 'cancel the call' : 'approve the ranking'}`,
          });
    default:
      return isStaff(action.actor)
        ? null
        : refuse('forbidden', {
            it: `azione «${action.type}» riservata ai funzionari e ai dirigenti della Città metropolitana`,
            en: `only CMM officers and managers may ${action.type.replace(/-/g, ' ')}`,
          });
  }
}

const notAProposal = (id: string): Refusal =>
  refuse('invalid-input', {
    it: `proposalId: ${id} non è una proposta di questo avviso`,
    en: `proposalId: ${id} is not a proposal of this call`,
  });

/**
 * Proposals are taken, and corrected, only while the call is open and before the first instant
 * after its last day (Europe/Rome): the refusal names the day and the rule.
 */
function windowClosed(state: CallState, at: string, facts: CallFacts, consequence: RefusalText): Refusal | null {
  const closed = facts.window && Date.parse(at) >= Date.parse(facts.window.closesAt);
  if (state === 'open' && !closed) return null;
  const on = facts.window ? ` at the end of ${formatItalianDate(facts.window.dueDate)} (Europe/Rome)` : '';
  const onIt = facts.window ? ` alla fine del ${formatItalianDate(facts.window.dueDate)} (ora italiana)` : '';
  return refuse(
    'invalid-state',
    {
      it: `il termine per la presentazione delle proposte è scaduto${onIt}: ${consequence.it} (regola annual-call.submission-window)`,
      en: `the submission window closed${on}: ${consequence.en} (rule annual-call.submission-window)`,
    },
    state === 'open' ? 'evaluation' : state,
  );
}

const findProposal = (status: CallStatus, id: string): Proposal | undefined => status.proposals.find((p) => p.id === id);

/** The state an event leads to, or why it may not happen now (refusals name the rule). */
export function callNextState(status: CallStatus, event: CallEvent, facts: CallFacts): CallState | Refusal {
  const { state } = status;
  if ('actor' in event) {
    const refusal = checkActor(event);
    if (refusal) return refusal;
  }
  const wrongState = (allowed: string, allowedIt = allowed) =>
    refuse(
      'invalid-state',
      {
        it: `azione «${event.type}» non consentita nello stato «${state}» dell'avviso (consentita in: ${allowedIt})`,
        en: `${event.type} is not allowed while the call is ${state} (allowed: ${allowed})`,
      },
      state,
    );
  if (isCallTerminal(state)) return wrongState('none: the call is closed', "nessuno stato: l'avviso è chiuso");
  switch (event.type) {
    case 'submit-proposal': {
      const invalid = checkProposalSubmission(event.proposal);
      if (invalid) return invalid;
      const late = windowClosed(state, event.at, facts, {
        it: 'le proposte tardive non sono ammesse',
        en: 'late proposals are not accepted',
      });
      if (late) return late;
      if (event.adhesion && !event.adhesion.adhering) {
        return refuse('forbidden', {
          it: `al ${formatItalianDate(event.adhesion.on)} il Comune ${event.actor.istatCode} non aderisce ad alcuno STTM: all'avviso annuale partecipano solo i Comuni aderenti (NdA PTM art. 11, 14)`,
          en: `the municipality ${event.actor.istatCode} does not adhere to any STTM on ${formatItalianDate(event.adhesion.on)}: only adhering municipalities take part in the annual call (NdA PTM art. 11, 14)`,
        });
      }
      return 'open';
    }
    case 'amend-proposal': {
      const proposal = findProposal(status, event.proposalId);
      if (!proposal) return notAProposal(event.proposalId);
      if (proposal.istatCode !== event.actor.istatCode) {
        return refuse('forbidden', {
          it: `la proposta ${event.proposalId} è di un altro Comune: solo il Comune che l'ha presentata può correggerla (regola annual-call.own-proposal)`,
          en: `${event.proposalId} belongs to another municipality: only the municipality that submitted it may correct it (rule annual-call.own-proposal)`,
        });
      }
      const invalid = checkProposalSubmission(event.proposal);
      if (invalid) return invalid;
      return (
        windowClosed(state, event.at, facts, {
          it: 'le proposte non si possono più correggere',
          en: 'proposals can no longer be corrected',
        }) ?? 'open'
      );
    }
    case 'window-closed':
      return state === 'open' ? 'evaluation' : wrongState('open');
    case 'mark-eligibility': {
      if (state !== 'evaluation') return wrongState('evaluation');
      const proposal = findProposal(status, event.proposalId);
      if (!proposal) return notAProposal(event.proposalId);
      if (blank(event.reasons))
        return refuse('invalid-input', {
          it: "reasons: la decisione sull'ammissibilità deve essere motivata",
          en: 'reasons: the eligibility decision must be motivated',
        });
      if (event.eligible) {
        const [problem] = eligibilityProblems(proposal);
        if (problem)
          return refuse('invalid-input', {
            it: `eligible: ${problem.messageIt} (regola ${problem.rule})`,
            en: `eligible: ${problem.message} (rule ${problem.rule})`,
          });
      }
      return 'evaluation';
    }
    case 'score-proposal': {
      if (state !== 'evaluation') return wrongState('evaluation');
      const proposal = findProposal(status, event.proposalId);
      if (!proposal) return notAProposal(event.proposalId);
      if (proposal.eligibility?.eligible !== true)
        return refuse(
          'invalid-state',
          {
            it: `la proposta ${event.proposalId} deve essere dichiarata ammissibile prima di essere valutata`,
            en: `${event.proposalId} must be declared eligible before it is scored`,
          },
          state,
        );
      const problem = scoresProblem(event.scores, facts.criteria);
      return problem ? refuse('invalid-input', problem) : 'evaluation';
    }
    case 'approve-ranking': {
      if (state !== 'evaluation') return wrongState('evaluation');
      const undecided = status.proposals.find((p) => p.eligibility === null);
      if (undecided)
        return refuse(
          'invalid-state',
          {
            it: `sulla proposta ${undecided.id} manca ancora la decisione di ammissibilità`,
            en: `${undecided.id} has no eligibility decision yet`,
          },
          state,
        );
      const unscored = status.proposals.find((p) => p.eligibility?.eligible && p.scores === null);
      if (unscored)
        return refuse(
          'invalid-state',
          { it: `la proposta ${unscored.id} è ammissibile ma non ancora valutata`, en: `${unscored.id} is eligible but not scored yet` },
          state,
        );
      return 'ranking-published';
    }
    case 'publication-ended':
      return state === 'ranking-published' ? 'concluded' : wrongState('ranking-published');
    case 'cancel':
      if (blank(event.reason)) return refuse('invalid-input', { it: 'reason: la motivazione è obbligatoria', en: 'reason: required' });
      return state === 'ranking-published' ? wrongState('open, evaluation') : 'cancelled';
  }
}

/** The status after an accepted event. Call only after callNextState accepted it. */
export function applyCallEvent(status: CallStatus, event: CallEvent, facts: CallFacts): CallStatus {
  const next = callNextState(status, event, facts);
  if (isRefusal(next)) throw new Error(`applyCallEvent on a refused event: ${next.message}`);
  const update = (id: string, change: (p: Proposal) => Proposal) => status.proposals.map((p) => (p.id === id ? change(p) : p));
  switch (event.type) {
    case 'submit-proposal': {
      if (!event.registered || !event.adhesion) throw new Error('applyCallEvent: a proposal is applied once registered, with its adhesion');
      const proposal: Proposal = {
        ...event.proposal,
        id: event.registered.id,
        istatCode: event.actor.istatCode as string,
        municipality: event.registered.municipality,
        sequence: status.proposals.length + 1,
        protocolNumber: event.registered.protocolNumber,
        submittedAt: event.at,
        adheringSttm: event.adhesion.sttm,
        documentIds: event.registered.documentIds,
        eligibility: null,
        scores: null,
        scoredBy: null,
        amendments: [],
      };
      return { ...status, state: next, proposals: [...status.proposals, proposal] };
    }
    case 'amend-proposal': {
      const { registered } = event;
      if (!registered) throw new Error('applyCallEvent: a correction is applied once registered');
      return {
        ...status,
        state: next,
        // The documents filed with the correction join the earlier ones (a same-titled file is a new version of the same document).
        proposals: update(event.proposalId, (p) => ({
          ...p,
          ...event.proposal,
          documentIds: [...new Set([...p.documentIds, ...registered.documentIds])],
          amendments: [...(p.amendments ?? []), { protocolNumber: registered.protocolNumber, at: event.at }],
        })),
      };
    }
    case 'mark-eligibility':
      return {
        ...status,
        state: next,
        // A proposal declared ineligible after scoring loses its points: it is not ranked.
        proposals: update(event.proposalId, (p) => ({
          ...p,
          eligibility: { eligible: event.eligible, reasons: event.reasons, by: event.actor.subject },
          scores: event.eligible ? p.scores : null,
          scoredBy: event.eligible ? p.scoredBy : null,
        })),
      };
    case 'score-proposal':
      return {
        ...status,
        state: next,
        proposals: update(event.proposalId, (p) => ({ ...p, scores: { ...event.scores }, scoredBy: event.actor.subject })),
      };
    case 'approve-ranking':
      return { ...status, state: next, ranking: rankProposals(status.proposals, facts.criteria) };
    default:
      return { ...status, state: next };
  }
}
