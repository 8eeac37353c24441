export * from './compatibility-evaluation.machine';
export * from './compatibility-evaluation.types';
export * from './compatibility-evaluation.action-probes';
export * from './compatibility-evaluation.submission';
