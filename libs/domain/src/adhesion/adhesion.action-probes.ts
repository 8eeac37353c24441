import type { Actor } from '../actor';
import type { AdhesionAction } from './adhesion.types';

/** Well-formed samples of every user action on an adhesion (see compatibility-evaluation.action-probes.ts). */
export const ADHESION_ACTION_SAMPLES: readonly { update: string; sample(actor: Actor): AdhesionAction }[] = [
  { update: 'requestAdhesionCorrections', sample: (actor) => ({ type: 'request-corrections', actor, corrections: ['sample'], note: '' }) },
  { update: 'submitAdhesionCorrections', sample: (actor) => ({ type: 'submit-corrections', actor, note: '', documentIds: [] }) },
  { update: 'registerAdhesion', sample: (actor) => ({ type: 'register-adhesion', actor }) },
  { update: 'rejectAdhesion', sample: (actor) => ({ type: 'reject', actor, reasons: 'sample' }) },
  { update: 'withdrawAdhesion', sample: (actor) => ({ type: 'withdraw', actor, reason: 'sample' }) },
];
