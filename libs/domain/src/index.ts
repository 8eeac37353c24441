export * from './actor';
export * from './compatibility-evaluation';
export * from './concertation-conference';
export * from './sttm-approval';
export * from './territorial-agreement';
export * from './procedure-types';
export * from './refusal';
