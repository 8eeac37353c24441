export * from './tracing';
export * from './http-request-span';
export * from './temporal-tracing';
