import type { Actor } from '../actor';
import { type Refusal, refuse } from '../refusal';

/**
 * A soil-quota exchange between two adhering municipalities (NdA PTM art. 11; Relazione
 * generale §4.5): proposed by one, accepted by the other, registered by CMM. Only the
 * registration moves quota in the ledger.
 */
export const SOIL_EXCHANGE_STATES = ['proposed', 'accepted', 'registered', 'declined', 'withdrawn', 'rejected'] as const;
export type SoilExchangeState = (typeof SOIL_EXCHANGE_STATES)[number];

export interface SoilExchangeParties {
  /** Gives the quota. */
  from: string;
  /** Receives it. */
  to: string;
  /** One of the two. */
  proposer: string;
}

export type SoilExchangeAction = 'accept' | 'decline' | 'withdraw' | 'register' | 'reject';

const STAFF = ['officer', 'manager'];

export const counterpartyOf = (parties: SoilExchangeParties): string => (parties.proposer === parties.from ? parties.to : parties.from);

/** Who may propose: a municipality, for an exchange it is part of, with another municipality. */
export function checkProposal(actor: Actor, parties: Omit<SoilExchangeParties, 'proposer'>): Refusal | null {
  if (actor.role !== 'comune' || !actor.istatCode)
    return refuse('forbidden', {
      it: 'solo un Comune può proporre uno scambio di quote di consumo di suolo',
      en: 'only a municipality proposes an exchange of soil quotas',
    });
  if (actor.istatCode !== parties.from && actor.istatCode !== parties.to)
    return refuse('forbidden', {
      it: 'un Comune può proporre solo scambi di cui è parte',
      en: 'a municipality proposes only exchanges it is part of',
    });
  if (parties.from === parties.to)
    return refuse('invalid-input', {
      it: 'to: lo scambio avviene tra due Comuni diversi',
      en: 'to: an exchange is between two different municipalities',
    });
  return null;
}

/** The state an action leads to, or why it may not happen. */
export function nextSoilExchangeState(
  state: SoilExchangeState,
  action: SoilExchangeAction,
  actor: Actor,
  parties: SoilExchangeParties,
): SoilExchangeState | Refusal {
  const counterparty = counterpartyOf(parties);
  const wrongState = (allowed: string) =>
    refuse(
      'invalid-state',
      {
        it: `azione «${action}» non consentita nello stato «${state}» dello scambio (consentita in: ${allowed})`,
        en: `${action} is not allowed while the exchange is ${state} (allowed: ${allowed})`,
      },
      state,
    );
  switch (action) {
    case 'accept':
    case 'decline':
      if (actor.role !== 'comune' || actor.istatCode !== counterparty)
        return refuse('forbidden', {
          it: `azione «${action}» riservata al Comune ${counterparty}`,
          en: `only the municipality ${counterparty} may ${action} this exchange`,
        });
      if (state !== 'proposed') return wrongState('proposed');
      return action === 'accept' ? 'accepted' : 'declined';
    case 'withdraw':
      if (actor.role !== 'comune' || actor.istatCode !== parties.proposer)
        return refuse('forbidden', {
          it: `solo il Comune proponente ${parties.proposer} può ritirare la proposta`,
          en: `only the proposing municipality ${parties.proposer} may withdraw`,
        });
      if (state !== 'proposed' && state !== 'accepted') return wrongState('proposed, accepted');
      return 'withdrawn';
    case 'register':
      if (!STAFF.includes(actor.role))
        return refuse('forbidden', {
          it: 'solo i funzionari della Città metropolitana registrano uno scambio',
          en: 'only CMM officers register an exchange',
        });
      if (state !== 'accepted') return wrongState('accepted');
      return 'registered';
    case 'reject':
      if (!STAFF.includes(actor.role))
        return refuse('forbidden', {
          it: 'solo i funzionari della Città metropolitana respingono uno scambio',
          en: 'only CMM officers reject an exchange',
        });
      if (state !== 'proposed' && state !== 'accepted') return wrongState('proposed, accepted');
      return 'rejected';
  }
}
