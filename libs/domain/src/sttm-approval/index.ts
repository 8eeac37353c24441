export * from './sttm-approval.machine';
export * from './sttm-approval.types';
export * from './vas-screening.machine';
export * from './sttm-approval.action-probes';
