export * from './dev-issuer';
export * from './principal';
export * from './token-verifier';
export * from './answer-links';
export * from './claim-mapping';
