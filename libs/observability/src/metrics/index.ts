export * from './metrics-registry';
export * from './metrics-server';
export * from './temporal-sdk-metrics';
