/**
 * A commitment a municipality (or CMM) takes towards the Fondo perequativo metropolitano or
 * the other parties: written by territorial agreements and adhesions, posted to the Fund
 * ledger when the act that creates it takes effect (NdA PTM art. 10-11; Relazione §4.5).
 */
export const FUND_CONTRIBUTION_BASES = [
  'LR 12/2005 art. 43 c.2-bis',
  'LR 12/2005 art. 43 c.2-sexies',
  'LR 12/2005 art. 43-quater',
  'LR 12/2005 art. 90',
  'LR 12/2005 art. 44 c.19',
] as const;
export type FundContributionBasis = (typeof FUND_CONTRIBUTION_BASES)[number];

export interface FundCommitment {
  /** ISTAT code of the committed municipality, or 'cmm'. */
  party: string;
  /** A share of additional contributions to the Fund, a share for balancing the diffusion, or another obligation. */
  kind: 'fund-contribution' | 'diffusion-balancing' | 'obligation';
  /** Required for fund contributions: the law the additional contribution comes from. */
  legalBasis: FundContributionBasis | null;
  /** Euro cents; null for an obligation that is not an amount of money. */
  amountCents: number | null;
  description: string;
  /** Rome civil date by which it is due, if any. */
  dueDate: string | null;
}
