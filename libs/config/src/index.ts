export * from './config.classes';
export * from './load-config';
export * from './web-config.classes';
