export * from './adhesion.machine';
export * from './adhesion.types';
export * from './adhesion.action-probes';
export * from './adhesion.submission';
