export * from './test-database';
export * from './temporal-worker';
export * from './time-skipping';
export * from './workflow-histories';
export * from './child-process';
export * from './test-issuer';
export * from './case-fixtures';
export * from './ports';
