import type * as pkijs from 'pkijs';
import type { UntrustedChainPolicy } from './signed-act-policy';
import { SignatureVerifier } from './signature-verifier';
import { TrustListSource, type TrustListLogger, loadCrlFiles } from './trust-list';

export interface SignatureRuntimeOptions {
  trustListPath?: string | null;
  trustListUrl?: string | null;
  refreshHours?: number;
  /** Comma-separated CRL files or directories. */
  crls?: string | null;
  untrustedChain?: UntrustedChainPolicy;
  logger: TrustListLogger;
}

/** The verifier a process uses, with its trust list (refreshed where configured), CRLs and policy. */
export interface SignatureRuntime {
  verifier: SignatureVerifier;
  untrustedChain: UntrustedChainPolicy;
  trustList: TrustListSource;
  stop(): void;
}

/**
 * Loads what the operator configured. A trust list or CRL that cannot be read is logged and
 * left out rather than stopping the process: signatures then verify as untrusted, which the
 * policy turns into warnings or refusals, never into acceptance of what cannot be checked.
 */
export async function startSignatureRuntime(options: SignatureRuntimeOptions): Promise<SignatureRuntime> {
  const trustList = new TrustListSource({
    path: options.trustListPath ?? null,
    url: options.trustListUrl ?? null,
    refreshIntervalMs: (options.refreshHours ?? 24) * 3_600_000,
    logger: options.logger,
  });
  await trustList.start();
  let crls: pkijs.CertificateRevocationList[] = [];
  const paths = (options.crls ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length > 0)
    crls = await loadCrlFiles(paths).catch((error: Error) => {
      options.logger.warn(`CRLs ${paths.join(', ')} not loaded: ${error.message}`);
      return [];
    });
  return {
    verifier: new SignatureVerifier({ trustList: () => trustList.current(), crls: () => crls }),
    untrustedChain: options.untrustedChain ?? 'warn',
    trustList,
    stop: () => trustList.stop(),
  };
}
