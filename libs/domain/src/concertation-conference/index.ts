export * from './concertation-conference.machine';
export * from './concertation-conference.types';
export * from './concertation-conference.action-probes';
