import type { Actor } from '../actor';
import { commitmentTermsProblem } from '../fund/commitment-rules';
import { type Refusal, type RefusalText, isRefusal, refuse } from '../refusal';
import {
  AGREEMENT_TERMINAL_STATES,
  type AgreementAction,
  type AgreementCommitment,
  type AgreementEvent,
  type AgreementFacts,
  type AgreementState,
  type AgreementStatus,
  CMM_PARTY,
} from './territorial-agreement.types';

const CMM_STAFF: readonly Actor['role'][] = ['officer', 'manager'];

export const initialAgreementStatus = (): AgreementStatus => ({
  state: 'drafting',
  draft: null,
  commitments: [],
  signatures: [],
  refusals: [],
  rounds: 0,
  signatureOverdue: false,
  closure: null,
});

export const isAgreementTerminal = (state: AgreementState): boolean => AGREEMENT_TERMINAL_STATES.includes(state);

/**
 * The party an actor signs or refuses for: a municipal user for its own municipality, a
 * manager for CMM (only managers sign for the metropolitan authority). Null when the actor
 * speaks for no party of this agreement.
 */
export function agreementPartyOf(actor: Actor, facts: AgreementFacts): string | null {
  if ((actor.role === 'comune' || actor.role === 'mayor_office') && actor.istatCode && facts.parties.includes(actor.istatCode))
    return actor.istatCode;
  if (actor.role === 'manager' && facts.parties.includes(CMM_PARTY)) return CMM_PARTY;
  return null;
}

/** Parties that have not signed the current draft yet, in the order of the agreement. */
export const pendingParties = (status: AgreementStatus, facts: AgreementFacts): string[] =>
  facts.parties.filter((party) => !status.signatures.some((s) => s.party === party));

const blank = (text: string) => text.trim().length === 0;

/**
 * Why a set of commitments cannot be part of the agreement, naming the first wrong field:
 * every commitment binds a party and names an admitted legal basis, and its terms are those
 * the Fund ledger will post when the agreement comes into force.
 */
export function commitmentsProblem(commitments: readonly AgreementCommitment[], facts: AgreementFacts): RefusalText | null {
  for (const [i, c] of commitments.entries()) {
    const at = `commitments[${i}]`;
    if (!facts.parties.includes(c.party)) {
      return {
        it: `${at}.party: ${c.party} non è parte dell'accordo (parti: ${facts.parties.join(', ')})`,
        en: `${at}.party: ${c.party} is not a party to the agreement (parties: ${facts.parties.join(', ')})`,
      };
    }
    if (c.legalBasis !== null && !facts.contributionBases.includes(c.legalBasis)) {
      return {
        it: `${at}.legalBasis: deve essere una tra ${facts.contributionBases.join('; ')}`,
        en: `${at}.legalBasis: must be one of ${facts.contributionBases.join('; ')}`,
      };
    }
    const problem = commitmentTermsProblem(c);
    if (problem) return { it: `${at}.${problem.field}: ${problem.reasonIt}`, en: `${at}.${problem.field}: ${problem.reason}` };
  }
  return null;
}

/** Who may act, and on what input, whatever the state. */
function checkActor(action: AgreementAction, facts: AgreementFacts): Refusal | null {
  const { actor } = action;
  switch (action.type) {
    case 'sign':
    case 'refuse':
      if (agreementPartyOf(actor, facts)) return null;
      return refuse(
        'forbidden',
        actor.role === 'comune' || actor.role === 'mayor_office'
          ? {
              it: `il Comune ${actor.istatCode ?? '?'} non è parte di questo accordo`,
              en: `the municipality ${actor.istatCode ?? '?'} is not a party to this agreement`,
            }
          : facts.parties.includes(CMM_PARTY)
            ? {
                it: "firmano o rifiutano solo i Comuni che sono parti dell'accordo e, per la Città metropolitana, un suo dirigente",
                en: 'only the municipalities that are parties, and a CMM manager for CMM, may sign or refuse',
              }
            : {
                it: "firmano o rifiutano solo i Comuni che sono parti dell'accordo: la Città metropolitana non è parte di questo accordo",
                en: 'only the municipalities that are parties may sign or refuse: CMM is not a party to this agreement',
              },
      );
    default:
      return CMM_STAFF.includes(actor.role)
        ? null
        : refuse('forbidden', {
            it: `azione «${action.type}» riservata ai funzionari e ai dirigenti della Città metropolitana`,
            en: `only CMM officers and managers may ${action.type.replace(/-/g, ' ')}`,
          });
  }
}

function checkInput(action: AgreementAction, facts: AgreementFacts): Refusal | null {
  switch (action.type) {
    case 'add-draft':
      return action.documentIds.length === 0 || action.documentIds.some(blank)
        ? refuse('invalid-input', {
            it: 'documentIds: indicare il documento o i documenti della bozza',
            en: 'documentIds: name the document(s) of the draft',
          })
        : null;
    case 'set-commitments': {
      const problem = commitmentsProblem(action.commitments, facts);
      return problem ? refuse('invalid-input', problem) : null;
    }
    case 'sign':
      return blank(action.documentId)
        ? refuse('invalid-input', {
            it: 'documentId: il documento firmato è obbligatorio',
            en: 'documentId: the signed document is required',
          })
        : null;
    case 'refuse':
    case 'declare-failed':
      return blank(action.reasons)
        ? refuse('invalid-input', {
            it: 'reasons: il rifiuto o la dichiarazione di mancata conclusione devono essere motivati',
            en: 'reasons: a refusal or a failure must be motivated',
          })
        : null;
    case 'withdraw':
      return blank(action.reason) ? refuse('invalid-input', { it: 'reason: la motivazione è obbligatoria', en: 'reason: required' }) : null;
    default:
      return null;
  }
}

/** The state an event leads to, or why it may not happen now. */
export function nextAgreementState(status: AgreementStatus, event: AgreementEvent, facts: AgreementFacts): AgreementState | Refusal {
  const { state } = status;
  if ('actor' in event) {
    const refusal = checkActor(event, facts) ?? checkInput(event, facts);
    if (refusal) return refusal;
  }
  const wrongState = (allowed: string, allowedIt = allowed) =>
    refuse(
      'invalid-state',
      {
        it: `azione «${event.type}» non consentita nello stato «${state}» dell'accordo (consentita in: ${allowedIt})`,
        en: `${event.type} is not allowed while the agreement is ${state} (allowed: ${allowed})`,
      },
      state,
    );
  if (isAgreementTerminal(state)) return wrongState('none: the agreement is concluded', "nessuno stato: l'accordo è concluso");
  switch (event.type) {
    case 'add-draft':
      // A new text during the signatures or after a refusal reopens the negotiation.
      return 'drafting';
    case 'set-commitments':
      return state === 'drafting'
        ? 'drafting'
        : wrongState(
            'drafting: the commitments are part of the draft; add a new draft first',
            'drafting: gli impegni fanno parte della bozza; aggiungere prima una nuova bozza',
          );
    case 'send-for-signature':
      if (state !== 'drafting') return wrongState('drafting');
      return status.draft
        ? 'awaiting-signatures'
        : refuse(
            'invalid-state',
            {
              it: "aggiungere una bozza dell'accordo prima di inviarlo alla firma",
              en: 'add a draft of the agreement before sending it for signature',
            },
            state,
          );
    case 'sign':
    case 'refuse': {
      if (state !== 'awaiting-signatures') return wrongState('awaiting-signatures');
      const party = agreementPartyOf(event.actor, facts) as string;
      if (event.draftVersion !== status.draft?.version) {
        return refuse(
          'invalid-state',
          {
            it: `la versione ${event.draftVersion} della bozza non è più attuale: il testo da firmare o rifiutare è la versione ${status.draft?.version}`,
            en: `draft version ${event.draftVersion} is outdated: the text to ${event.type} is version ${status.draft?.version}`,
          },
          state,
        );
      }
      if (status.signatures.some((s) => s.party === party))
        return refuse(
          'invalid-state',
          {
            it: `${party} ha già firmato la versione ${event.draftVersion}`,
            en: `${party} has already signed version ${event.draftVersion}`,
          },
          state,
        );
      if (event.type === 'refuse') return 'renegotiation';
      return pendingParties(status, facts).every((p) => p === party) ? 'in-force' : 'awaiting-signatures';
    }
    case 'declare-failed':
      if (state === 'renegotiation' || (state === 'awaiting-signatures' && status.signatureOverdue)) return 'failed';
      return wrongState(
        'renegotiation, or awaiting-signatures once the signature term has passed',
        'renegotiation, oppure awaiting-signatures una volta scaduto il termine per la firma',
      );
    case 'withdraw':
      return 'withdrawn';
    case 'signature-term-expired':
      return state === 'awaiting-signatures' ? state : wrongState('awaiting-signatures');
  }
}

const who = (actor: Actor) => ({ subject: actor.subject, name: actor.name, role: actor.role });

/** Applies an accepted event: the status after it. Call only after nextAgreementState accepted it. */
export function applyAgreementEvent(status: AgreementStatus, event: AgreementEvent, facts: AgreementFacts): AgreementStatus {
  const next = nextAgreementState(status, event, facts);
  if (isRefusal(next)) throw new Error(`applyAgreementEvent on a refused event: ${next.message}`);
  const moved = { ...status, state: next };
  switch (event.type) {
    case 'add-draft':
      // Parties sign a text: a new text voids every signature and refusal of the old one.
      return {
        ...moved,
        draft: {
          version: (status.draft?.version ?? 0) + 1,
          documentIds: [...event.documentIds],
          note: event.note,
          by: event.actor.subject,
          at: event.at,
        },
        signatures: [],
        refusals: [],
        signatureOverdue: false,
      };
    case 'set-commitments':
      return { ...moved, commitments: event.commitments.map((c) => ({ ...c })) };
    case 'send-for-signature':
      return { ...moved, rounds: status.rounds + 1, signatureOverdue: false };
    case 'sign': {
      const party = agreementPartyOf(event.actor, facts) as string;
      return {
        ...moved,
        signatures: [
          ...status.signatures,
          { party, by: who(event.actor), at: event.at, documentId: event.documentId, draftVersion: event.draftVersion },
        ],
      };
    }
    case 'refuse': {
      const party = agreementPartyOf(event.actor, facts) as string;
      return {
        ...moved,
        refusals: [
          ...status.refusals,
          { party, by: who(event.actor), at: event.at, reasons: event.reasons, draftVersion: event.draftVersion },
        ],
      };
    }
    case 'declare-failed':
      return { ...moved, closure: { reason: event.reasons } };
    case 'withdraw':
      return { ...moved, closure: { reason: event.reason } };
    case 'signature-term-expired':
      return { ...moved, signatureOverdue: true };
  }
}
