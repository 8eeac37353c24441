import type { Actor } from '../actor';
import type { SttmAction, SttmEvent, SttmSchedule, SttmStatus } from './sttm-approval.types';
import type { VasAction, VasEvent } from './vas-screening.machine';

/**
 * A schedule as the computeSttmSchedule activity returns it for an adoption on 28/06/2030:
 * availability by 90 days before, the conferenza istruttoria in the 60 days before.
 */
export const SAMPLE_STTM_SCHEDULE: SttmSchedule = {
  adoptionDate: '2030-06-28',
  halved: false,
  availabilityLatest: '2030-03-30',
  conferenzaFrom: '2030-04-29',
  conferenzaTo: '2030-06-27',
  legalSource: 'NdA PTM art. 7bis c.4',
};

/**
 * What the STTM workflow records without a user action (see
 * compatibility-evaluation.event-samples.ts): the outcome of its VAS screening (a child
 * workflow's result, once, while the screening runs) and the end of the osservazioni period.
 */
export const sttmEventSamples = (status: SttmStatus): SttmEvent[] => [
  ...(status.vas === 'running'
    ? [{ type: 'vas-concluded', outcome: 'excluded' } as const, { type: 'vas-concluded', outcome: 'subjected' } as const]
    : []),
  { type: 'osservazioni-closed' },
];

/**
 * The planned adoption as the Update handler applies it, with the schedule the calendar
 * computed (the action sample carries none: the validator checks role and state only).
 */
export const STTM_OUTCOME_SAMPLES: readonly ((actor: Actor) => SttmAction)[] = [
  (actor) => ({ type: 'plan-adoption', actor, schedule: SAMPLE_STTM_SCHEDULE }),
];

/** What the VAS screening's clock records: the opinions' term passing. */
export const VAS_EVENT_SAMPLES: readonly VasEvent[] = [{ type: 'opinions-term-expired' }];

/** The decree's other outcome: the STTM is subjected to VAS. */
export const VAS_OUTCOME_SAMPLES: readonly ((actor: Actor) => VasAction)[] = [
  (actor) => ({
    type: 'decide',
    actor,
    outcome: 'subjected',
    act: { type: 'decree', number: 'sample', date: '2000-01-01' },
    reasons: 'sample',
  }),
];
