export * from './soil-exchange.machine';
