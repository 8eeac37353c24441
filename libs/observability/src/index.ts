export * from './logger';
export * from './request-context';
export * from './temporal-request-id';
export * from './metrics';
export * from './case-search-attributes';
export * from './tracing';
