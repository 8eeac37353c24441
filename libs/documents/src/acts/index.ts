export * from './act';
export * from './act-fonts';
export * from './pdfa-act-writer';
