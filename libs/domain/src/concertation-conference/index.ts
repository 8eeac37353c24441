export * from './concertation-conference.machine';
export * from './concertation-conference.types';
