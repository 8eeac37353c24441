export * from './case-activities.contract';
export * from './compatibility-evaluation.contract';
export * from './deadline-activities.contract';
export * from './notification-signals';
export * from './sttm-approval.contract';
export * from './request-id';
export * from './system-probe.contract';
export * from './task-queues';
