import type { Actor } from '../actor';
import {
  type ActKind,
  CONTRODEDUZIONE_OUTCOMES,
  type SttmAct,
  type SttmAction,
  type SttmSchedule,
  type SttmStatus,
} from './sttm-approval.types';
import { VAS_STEPS, type VasAction, type VasStatus } from './vas-screening.machine';

/** Dates the legal calendar allows for a step, from the planned adoption (NdA PTM art. 7bis c.4). */
export interface DateWindow {
  /** The request field that carries the date, e.g. act.date, meetingDate. */
  field: string;
  from: string | null;
  to: string | null;
  legalSource: string;
}

type Probe<E, S> = {
  update: string;
  target?: Record<string, string>;
  inputCheckedLast?: boolean;
  sample(actor: Actor, status: S): E;
  dateWindow?(status: S): DateWindow | null;
};

const act = (type: ActKind, date: string): SttmAct => ({ type, number: 'sample', date });
const planned = (status: SttmStatus): SttmSchedule | null => status.planned;

/**
 * Well-formed samples of every STTM step (see compatibility-evaluation.action-probes.ts). Steps
 * whose date the machine checks after role and state are probed on an allowed date and carry
 * the window the officer must pick in, as the schedule the legal calendar computed says.
 */
export const sttmActionSamples = (status: SttmStatus): Probe<SttmAction, SttmStatus>[] => [
  // The validator checks role and state; the handler computes the dates with the calendar.
  { update: 'planAdoption', sample: (actor) => ({ type: 'plan-adoption', actor, schedule: null as never }) },
  {
    update: 'recordParticipation',
    sample: (actor) => ({ type: 'record-participation', actor, kind: 'meeting', title: 'sample', date: '2000-01-01', documentIds: [] }),
  },
  { update: 'approvePreliminary', sample: (actor) => ({ type: 'approve-preliminary', actor, act: act('decree', '2000-01-01') }) },
  {
    update: 'makeProposalAvailable',
    inputCheckedLast: true,
    sample: (actor, s) => ({ type: 'make-available', actor, act: act('notice', planned(s)?.availabilityLatest ?? '2000-01-01') }),
    dateWindow: (s) =>
      planned(s)
        ? { field: 'act.date', from: null, to: planned(s)?.availabilityLatest ?? null, legalSource: planned(s)?.legalSource ?? '' }
        : null,
  },
  {
    update: 'convokeConferenza',
    inputCheckedLast: true,
    sample: (actor, s) => ({
      type: 'convoke-conferenza',
      actor,
      act: act('notice', '2000-01-01'),
      meetingDate: planned(s)?.conferenzaFrom ?? '2000-01-01',
    }),
    dateWindow: (s) =>
      planned(s)
        ? {
            field: 'meetingDate',
            from: planned(s)?.conferenzaFrom ?? null,
            to: planned(s)?.conferenzaTo ?? null,
            legalSource: planned(s)?.legalSource ?? '',
          }
        : null,
  },
  {
    update: 'holdConferenza',
    inputCheckedLast: true,
    sample: (actor, s) => ({ type: 'hold-conferenza', actor, act: act('minutes', planned(s)?.conferenzaFrom ?? '2000-01-01') }),
    dateWindow: (s) =>
      planned(s)
        ? {
            field: 'act.date',
            from: planned(s)?.conferenzaFrom ?? null,
            to: planned(s)?.conferenzaTo ?? null,
            legalSource: planned(s)?.legalSource ?? '',
          }
        : null,
  },
  {
    update: 'recordSttmOpinion',
    sample: (actor) => ({ type: 'record-opinion', actor, from: 'sample', text: 'sample', documentIds: [], receivedOn: '2000-01-01' }),
  },
  {
    update: 'adoptSttm',
    inputCheckedLast: true,
    sample: (actor, s) => ({
      type: 'adopt',
      actor,
      act: act('resolution', planned(s)?.adoptionDate ?? '2000-01-01'),
      schedule: planned(s),
    }),
    dateWindow: (s) =>
      planned(s)
        ? {
            field: 'act.date',
            from: planned(s)?.adoptionDate ?? null,
            to: planned(s)?.adoptionDate ?? null,
            legalSource: planned(s)?.legalSource ?? '',
          }
        : null,
  },
  { update: 'publishAdoption', sample: (actor) => ({ type: 'publish-adoption', actor, act: act('notice', '2000-01-01') }) },
  {
    update: 'publishBurlNotice',
    inputCheckedLast: true,
    sample: (actor, s) => ({ type: 'publish-burl-notice', actor, act: act('notice', s.adoptionPublishedOn ?? '2000-01-01') }),
    dateWindow: (s) =>
      s.adoptionPublishedOn ? { field: 'act.date', from: s.adoptionPublishedOn, to: null, legalSource: 'LR 12/2005 art. 17 c.6' } : null,
  },
  {
    update: 'recordObservation',
    sample: (actor) => ({
      type: 'record-observation',
      actor,
      observationId: 'sample-new',
      from: 'sample',
      text: 'sample',
      documentIds: [],
      receivedOn: '2000-01-01',
    }),
  },
  ...status.observations.map((observation): Probe<SttmAction, SttmStatus> => ({
    update: 'recordControdeduzione',
    target: { observationId: observation.id },
    sample: (actor) => ({
      type: 'record-controdeduzione',
      actor,
      observationId: observation.id,
      outcome: CONTRODEDUZIONE_OUTCOMES[0],
      text: 'sample',
    }),
  })),
  { update: 'approveFinal', sample: (actor) => ({ type: 'approve-final', actor, act: act('resolution', '2000-01-01') }) },
  { update: 'publishApproval', sample: (actor) => ({ type: 'publish-approval', actor, act: act('notice', '2000-01-01') }) },
  { update: 'cancelSttm', sample: (actor) => ({ type: 'cancel', actor, reason: 'sample' }) },
];

/** The VAS screening's actions, one per step still to record. */
export const vasActionSamples = (status: VasStatus): Probe<VasAction, VasStatus>[] => [
  ...VAS_STEPS.filter((step) => !status.steps[step]).map((step): Probe<VasAction, VasStatus> => ({
    update: 'recordVasStep',
    target: { step },
    sample: (actor) => ({ type: 'record-step', actor, step, act: act('notice', '2000-01-01') }),
  })),
  {
    update: 'recordVasOpinion',
    sample: (actor) => ({ type: 'record-opinion', actor, from: 'sample', text: 'sample', documentIds: [], receivedOn: '2000-01-01' }),
  },
  {
    update: 'decideVas',
    sample: (actor) => ({ type: 'decide', actor, outcome: 'excluded', act: act('decree', '2000-01-01'), reasons: 'sample' }),
  },
];
