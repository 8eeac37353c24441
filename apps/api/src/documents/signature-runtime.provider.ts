import { type FactoryProvider, Inject, Logger } from '@nestjs/common';
import { SignaturesConfig } from '@cmm/config';
import { type SignatureRuntime, startSignatureRuntime } from '@cmm/documents';

export const SIGNATURE_RUNTIME = Symbol('SIGNATURE_RUNTIME');
export const InjectSignatureRuntime = () => Inject(SIGNATURE_RUNTIME);

/** The verifier with the operator's trust list, CRLs and untrusted-chain policy (docs/operations.md). */
export const signatureRuntimeProvider: FactoryProvider<Promise<SignatureRuntime>> = {
  provide: SIGNATURE_RUNTIME,
  inject: [SignaturesConfig],
  useFactory: (config: SignaturesConfig) =>
    startSignatureRuntime({
      trustListPath: config.SIGNATURE_TRUST_LIST,
      trustListUrl: config.SIGNATURE_TRUST_LIST_URL,
      refreshHours: config.SIGNATURE_TRUST_LIST_REFRESH_HOURS,
      crls: config.SIGNATURE_CRLS,
      untrustedChain: config.SIGNATURE_UNTRUSTED_CHAIN,
      logger: new Logger('SignatureTrustList'),
    }),
};
