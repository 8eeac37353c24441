export * from './actor';
export * from './adhesion';
export * from './compatibility-evaluation';
export * from './fund';
export * from './sttm-approval';
export * from './procedure-types';
export * from './refusal';
