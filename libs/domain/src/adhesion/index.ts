export * from './adhesion.machine';
export * from './adhesion.types';
