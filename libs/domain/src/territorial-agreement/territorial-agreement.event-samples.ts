import type { AgreementEvent } from './territorial-agreement.types';

/** What the agreement's clock records (see compatibility-evaluation.event-samples.ts): the signature term passing. */
export const AGREEMENT_EVENT_SAMPLES: readonly AgreementEvent[] = [{ type: 'signature-term-expired' }];
