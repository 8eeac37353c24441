import type { AdhesionEvent } from './adhesion.types';

/** What the adhesion's workflow records by itself (see compatibility-evaluation.event-samples.ts): the protocol registration of the deliberation. */
export const ADHESION_EVENT_SAMPLES: readonly AdhesionEvent[] = [{ type: 'registered' }];
