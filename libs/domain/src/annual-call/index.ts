export * from './annual-call.machine';
export * from './annual-call.types';
export * from './ranking';
export * from './scoring-criteria';
export * from './annual-call.action-probes';
export * from './annual-call.submission';
