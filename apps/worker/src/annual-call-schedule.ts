import { ANNUAL_CALL_PROCEDURE, ANNUAL_CALL_SCHEDULED_WORKFLOW_ID, type AnnualCallInput, annualCallScheduleId } from '@cmm/contracts';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleSpec } from '@temporalio/client';

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

export interface AnnualCallScheduleOptions {
  /** MM-DD, Europe/Rome (ANNUAL_CALL_SCHEDULE_DATE). */
  date: string;
  /** HH:mm, Europe/Rome (ANNUAL_CALL_SCHEDULE_TIME). */
  time: string;
  taskQueue: string;
}

/** Once a year on the configured day and time, in Rome's civil time (summer time included). */
export function annualCallScheduleSpec({ date, time }: Pick<AnnualCallScheduleOptions, 'date' | 'time'>): ScheduleSpec {
  const [month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return {
    calendars: [{ month: MONTHS[month - 1], dayOfMonth: day, hour, minute, comment: 'Avviso annuale ex art. 14 NdA PTM' }],
    timezone: 'Europe/Rome',
  };
}

/**
 * Creates the Schedule of the annual call, or brings an existing one to the configuration:
 * every worker does it at start, so a changed date takes effect on the next deploy and two
 * workers starting together end with one Schedule. Each year's call runs for months, past
 * the next year's start, so the runs may overlap (ALLOW_ALL): the default policy (SKIP)
 * would silently drop a year.
 */
export async function ensureAnnualCallSchedule(client: Client, options: AnnualCallScheduleOptions): Promise<'created' | 'updated'> {
  const scheduleId = annualCallScheduleId(options.taskQueue);
  const spec = annualCallScheduleSpec(options);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: ANNUAL_CALL_PROCEDURE.workflowType,
    workflowId: ANNUAL_CALL_SCHEDULED_WORKFLOW_ID,
    taskQueue: options.taskQueue,
    args: [{} satisfies AnnualCallInput],
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '30 days' },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({
      ...previous,
      spec,
      action,
      policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '30 days' },
    }));
    return 'updated';
  }
}
