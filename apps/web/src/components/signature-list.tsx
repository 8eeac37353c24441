import { useTranslation } from 'react-i18next';
import { formatDate } from '../format/format';
import { textOf } from './action-form';

/** What the page shows of one verified signature, from a document version or an agreement party. */
export interface ShownSignature {
  status: 'valid-trusted' | 'valid-untrusted' | 'invalid' | 'expired' | 'revoked';
  signer: string | null;
  fiscalCode: string | null;
  signingTime: string | null;
  qualified: boolean;
  reason: { it: string; en: string };
}

// Bootstrap Italia badges: green for a trusted signature, amber for the officer to look at, red for a refusal.
const BADGE: Record<ShownSignature['status'], string> = {
  'valid-trusted': 'bg-success',
  'valid-untrusted': 'bg-warning text-dark',
  invalid: 'bg-danger',
  expired: 'bg-danger',
  revoked: 'bg-danger',
};

/** "Firmato da Mario Rossi (RSSMRA80A01F205X) il 03/12/2026 · firma valida, certificato qualificato", with its badge. */
export function SignatureList({ signatures }: { signatures: readonly ShownSignature[] }) {
  const { t, i18n } = useTranslation();
  if (signatures.length === 0) return <span className="text-muted">{t('signatures.none')}</span>;
  return (
    <ul className="list-unstyled mb-0">
      {signatures.map((s, i) => {
        const who = s.signer ? (s.fiscalCode ? `${s.signer} (${s.fiscalCode})` : s.signer) : t('signatures.unknownSigner');
        const when = s.signingTime ? t('signatures.on', { date: formatDate(s.signingTime) }) : '';
        return (
          <li key={i} className="small" data-testid="signature">
            <span className={`badge ${BADGE[s.status]} me-1`}>{t(`signatures.status.${s.status}`)}</span>
            {t('signatures.signedBy', { who })}
            {when && ` ${when}`}
            {s.status === 'valid-trusted' && s.qualified && ` · ${t('signatures.qualified')}`}
            {s.status !== 'valid-trusted' && <div className="text-break">{textOf(s.reason, i18n.language)}</div>}
          </li>
        );
      })}
    </ul>
  );
}

/** A document version's signatures (SignatureDto) as the list shows them. */
export const shownFromVersion = (
  signatures: ReadonlyArray<{
    status: ShownSignature['status'];
    signer: {
      givenName: string | null;
      surname: string | null;
      commonName: string | null;
      fiscalCode: string | null;
      qualified: boolean;
    } | null;
    signingTime: string | null;
    reason: { it: string; en: string };
  }>,
): ShownSignature[] =>
  signatures.map((s) => ({
    status: s.status,
    signer: s.signer ? [s.signer.givenName, s.signer.surname].filter(Boolean).join(' ') || s.signer.commonName : null,
    fiscalCode: s.signer?.fiscalCode ?? null,
    signingTime: s.signingTime,
    qualified: s.signer?.qualified ?? false,
    reason: s.reason,
  }));
