import type { ProcedureType } from '@cmm/domain';
import { ADHESION_PROCEDURE } from './adhesion.descriptor';
import { ANNUAL_CALL_PROCEDURE } from './annual-call.descriptor';
import { COMPATIBILITY_EVALUATION_PROCEDURE } from './compatibility-evaluation.descriptor';
import { CONCERTATION_CONFERENCE_PROCEDURE } from './concertation-conference.descriptor';
import type { ProcedureDescriptor } from './procedure-descriptor';
import { STTM_APPROVAL_PROCEDURE } from './sttm-approval.descriptor';
import { TERRITORIAL_AGREEMENT_PROCEDURE } from './territorial-agreement.descriptor';
import { VAS_SCREENING_PROCEDURE } from './vas-screening.descriptor';

export type { ProcedureDescriptor } from './procedure-descriptor';
export { ADHESION_PROCEDURE } from './adhesion.descriptor';
export { ANNUAL_CALL_PROCEDURE } from './annual-call.descriptor';
export { COMPATIBILITY_EVALUATION_PROCEDURE } from './compatibility-evaluation.descriptor';
export { CONCERTATION_CONFERENCE_PROCEDURE } from './concertation-conference.descriptor';
export { STTM_APPROVAL_PROCEDURE } from './sttm-approval.descriptor';
export { TERRITORIAL_AGREEMENT_PROCEDURE } from './territorial-agreement.descriptor';
export { VAS_SCREENING_PROCEDURE } from './vas-screening.descriptor';

/**
 * Every procedure, one line each, by its code name: a procedure type without its descriptor
 * does not compile. Per-procedure lists elsewhere derive from this one.
 */
export const PROCEDURES = {
  'compatibility-evaluation': COMPATIBILITY_EVALUATION_PROCEDURE,
  'concertation-conference': CONCERTATION_CONFERENCE_PROCEDURE,
  'territorial-agreement': TERRITORIAL_AGREEMENT_PROCEDURE,
  'sttm-approval': STTM_APPROVAL_PROCEDURE,
  'vas-screening': VAS_SCREENING_PROCEDURE,
  adhesion: ADHESION_PROCEDURE,
  'annual-call': ANNUAL_CALL_PROCEDURE,
} as const satisfies { readonly [P in ProcedureType]: ProcedureDescriptor<P> };

/** The descriptors as a list, in the order of PROCEDURE_TYPES. */
export const PROCEDURE_DESCRIPTORS: readonly ProcedureDescriptor[] = Object.values(PROCEDURES);

/** The descriptor of a code name read from a row or a request, or undefined for one no procedure has. */
export const procedureDescriptor = (type: string): ProcedureDescriptor | undefined =>
  Object.hasOwn(PROCEDURES, type) ? PROCEDURES[type as ProcedureType] : undefined;
