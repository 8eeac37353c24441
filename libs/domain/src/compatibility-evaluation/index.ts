export * from './compatibility-evaluation.machine';
export * from './compatibility-evaluation.types';
