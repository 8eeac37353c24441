import type { components } from '../api/schema';

type Agreement = components['schemas']['AgreementViewDto'];
type TimelineEvent = components['schemas']['TimelineEventDto'];
export type AgreementParty = Agreement['parties'][number];
export type AgreementCommitment = Agreement['commitments'][number];
export type CommitmentTerm = Agreement['commitmentTerms'][number];

/** Where a party stands on the current draft. */
export type SignatureState = 'signed' | 'refused' | 'awaiting' | 'unsigned';

export interface PartyCommitments {
  party: AgreementParty;
  /** The signed-in user's municipality: listed first, marked as theirs. */
  own: boolean;
  signatureState: SignatureState;
  /** Its commitments in the agreement's order, each with its due-date term once the agreement is in force. */
  commitments: { commitment: AgreementCommitment; term: CommitmentTerm | null }[];
}

function signatureStateOf(party: AgreementParty, agreement: Agreement): SignatureState {
  if (party.signature) return 'signed';
  if (party.refusal) return 'refused';
  return agreement.state === 'awaiting-signatures' ? 'awaiting' : 'unsigned';
}

/**
 * The agreement read party by party: what each one commits to and whether it signed. A
 * commitment term names its commitment by position in the agreement's list, so the position
 * is kept while grouping. The reader's own municipality comes first.
 */
export function partiesWithCommitments(agreement: Agreement, ownIstat: string | undefined): PartyCommitments[] {
  const terms = new Map(agreement.commitmentTerms.map((term) => [term.index, term]));
  const grouped = agreement.parties.map((party) => ({
    party,
    own: party.party === ownIstat,
    signatureState: signatureStateOf(party, agreement),
    commitments: agreement.commitments.flatMap((commitment, index) =>
      commitment.party === party.party ? [{ commitment, term: terms.get(index) ?? null }] : [],
    ),
  }));
  return [...grouped.filter((entry) => entry.own), ...grouped.filter((entry) => !entry.own)];
}

export interface EarlierRefusal {
  party: string;
  reasons: string;
  draftVersion: number;
  at: string;
}

/**
 * Refusals of drafts before the current one. The agreement's view keeps only the current
 * draft's refusals (a new draft clears them); the case's timeline records every one, with
 * the party, the reasons and the draft it refused in the payload of its `refuse` event.
 */
export function earlierRefusals(events: readonly TimelineEvent[], currentVersion: number | null): EarlierRefusal[] {
  return events.flatMap((event) => {
    const { party, reasons, draftVersion } = event.payload;
    if (event.type !== 'refuse' || typeof party !== 'string' || typeof reasons !== 'string' || typeof draftVersion !== 'number') return [];
    return draftVersion === currentVersion ? [] : [{ party, reasons, draftVersion, at: event.occurredAt }];
  });
}
