import type { Actor } from '../actor';
import type { AgreementAction, AgreementStatus } from './territorial-agreement.types';

/**
 * Well-formed samples of every user action on an agreement (see
 * compatibility-evaluation.action-probes.ts). Signing and refusing name the current draft;
 * commitments are probed with the ones already set, which the machine accepted.
 */
// Signing and refusing name the draft they are about: the current one, which the form carries as given.
const currentDraft = (status: AgreementStatus) => (status.draft ? { draftVersion: String(status.draft.version) } : undefined);

export const AGREEMENT_ACTION_SAMPLES: readonly {
  update: string;
  sample(actor: Actor, status: AgreementStatus): AgreementAction;
  targetOf?(status: AgreementStatus): Record<string, string> | undefined;
}[] = [
  {
    update: 'addAgreementDraft',
    sample: (actor) => ({ type: 'add-draft', actor, documentIds: ['sample'], note: '', at: '2000-01-01T00:00:00.000Z' }),
  },
  { update: 'setAgreementCommitments', sample: (actor, status) => ({ type: 'set-commitments', actor, commitments: status.commitments }) },
  { update: 'sendAgreementForSignature', sample: (actor) => ({ type: 'send-for-signature', actor }) },
  {
    update: 'signAgreement',
    targetOf: currentDraft,
    sample: (actor, status) => ({
      type: 'sign',
      actor,
      documentId: 'sample',
      draftVersion: status.draft?.version ?? 0,
      at: '2000-01-01T00:00:00.000Z',
    }),
  },
  {
    update: 'refuseAgreement',
    targetOf: currentDraft,
    sample: (actor, status) => ({
      type: 'refuse',
      actor,
      reasons: 'sample',
      draftVersion: status.draft?.version ?? 0,
      at: '2000-01-01T00:00:00.000Z',
    }),
  },
  { update: 'declareAgreementFailed', sample: (actor) => ({ type: 'declare-failed', actor, reasons: 'sample' }) },
  { update: 'withdrawAgreement', sample: (actor) => ({ type: 'withdraw', actor, reason: 'sample' }) },
];
