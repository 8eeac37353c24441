import { type ActivityInterfaceFor, proxyLocalActivities } from '@temporalio/workflow';

/**
 * How every procedure workflow calls its activities. Local activities: each step is one short
 * database transaction run by the worker holding the workflow task, one round trip to the
 * server instead of three. Side effects are idempotent (activity receipts), so they retry
 * until the database is back, however long that takes.
 */
export const procedureActivities = <A extends object>(): ActivityInterfaceFor<A> =>
  proxyLocalActivities<A>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  });
