export * from './actor';
export * from './annual-call';
export * from './compatibility-evaluation';
export * from './sttm-approval';
export * from './procedure-types';
export * from './refusal';
