export * from './territorial-agreement.machine';
export * from './territorial-agreement.types';
export * from './territorial-agreement.action-probes';
