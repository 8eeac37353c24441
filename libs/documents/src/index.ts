export * from './content-meter';
export * from './content-sniffer';
export * from './document-storage';
export * from './fs-document-storage';
export * from './s3-document-storage';
export * from './acts';
export * from './signatures';
