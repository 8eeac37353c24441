export * from './cades-verifier';
export * from './certificate-path';
export * from './pades-verifier';
export * from './signature-verification';
export * from './signature-verifier';
export * from './signer-identity';
export * from './trust-list';
