export * from './config.classes';
export * from './load-config';
