export * from './dev-issuer';
export * from './principal';
export * from './token-verifier';
export * from './verified-token-cache';
export * from './answer-links';
export * from './claim-mapping';
