export * from './soil-exchange.machine';
export * from './commitment-rules';
