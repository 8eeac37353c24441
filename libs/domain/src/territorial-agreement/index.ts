export * from './territorial-agreement.machine';
export * from './territorial-agreement.types';
