/** Sections of the Fondo perequativo metropolitano (Relazione generale §4.5). */
export const FUND_SECTIONS = ['financial', 'real-estate', 'soil'] as const;
export type FundSection = (typeof FUND_SECTIONS)[number];

/** Amounts are integers in the section's unit: euro cents, buildings, whole square metres. */
export const SECTION_UNITS: Record<FundSection, FundUnit> = { financial: 'EUR-cent', 'real-estate': 'building', soil: 'm2' };
export type FundUnit = 'EUR-cent' | 'building' | 'm2';
export type EntrySide = 'debit' | 'credit';

/**
 * What an account records. A municipality's accounts and CMM's (holder null) are kept apart,
 * so a balance per municipality and section is a sum over its own accounts.
 */
export interface AccountPurpose {
  section: FundSection;
  /** Which side increases the balance. */
  normalSide: EntrySide;
  /** The database refuses a commit that leaves the balance below zero. */
  nonNegative: boolean;
}

export const ACCOUNT_PURPOSES = {
  /** What a municipality (or CMM) has committed and not yet paid. */
  commitments: { section: 'financial', normalSide: 'debit', nonNegative: true },
  /** The Fund's counterpart of every commitment taken towards it. */
  pledges: { section: 'financial', normalSide: 'credit', nonNegative: false },
  /** Money the Fund holds: it cannot disburse what it has not received. */
  cash: { section: 'financial', normalSide: 'debit', nonNegative: true },
  /** Money disbursed to the interventions of a municipality (or of CMM). */
  disbursements: { section: 'financial', normalSide: 'debit', nonNegative: true },
  /** Buildings held by the Fund's real-estate section. */
  buildings: { section: 'real-estate', normalSide: 'debit', nonNegative: true },
  /** Buildings a municipality conferred to the Fund. */
  'buildings-conferred': { section: 'real-estate', normalSide: 'credit', nonNegative: true },
  /** A municipality's soil-consumption quota: never below zero. */
  'soil-quota': { section: 'soil', normalSide: 'debit', nonNegative: true },
  /** CMM's counterpart of the quotas it allocates by its own acts. */
  'soil-allocations': { section: 'soil', normalSide: 'credit', nonNegative: false },
} as const satisfies Record<string, AccountPurpose>;
export type AccountPurposeId = keyof typeof ACCOUNT_PURPOSES;

/** An account by its holder: an ISTAT code, or null for the Città metropolitana itself. */
export interface AccountKey {
  istatCode: string | null;
  purpose: AccountPurposeId;
}

/** The act that causes a posting: every entry points to it (NdA PTM art. 11). */
export interface FundAct {
  /** e.g. 'territorial-agreement', 'adhesion', 'decreto-dirigenziale', 'reversale'. */
  type: string;
  /** Number and issuer as people cite it, e.g. 'Decreto dirigenziale n. 12/2026'. */
  reference: string;
  /** Rome civil date of the act (YYYY-MM-DD): the value date of its entries. */
  date: string;
}

export interface PostingSource {
  caseId: string | null;
  act: FundAct;
  /** Protocol number of the act in CMM's registry, when it has one. */
  protocolNumber?: string | null;
  postedBy: string;
}

export interface LedgerEntryView {
  istatCode: string | null;
  section: FundSection;
  purpose: AccountPurposeId;
  unit: FundUnit;
  side: EntrySide;
  amount: number;
}

export interface LedgerTransactionView {
  id: string;
  actType: string;
  act: FundAct;
  caseId: string | null;
  protocolNumber: string | null;
  description: string;
  commitmentId: string | null;
  reverses: string | null;
  reversedBy: string | null;
  postedBy: string;
  postedAt: Date;
  entries: LedgerEntryView[];
}

export interface PostingResult {
  transaction: LedgerTransactionView;
  /** False when the same act had already been posted: the first posting is returned. */
  created: boolean;
}

export interface CommitmentView {
  id: string;
  transactionId: string;
  istatCode: string | null;
  kind: 'fund-contribution' | 'diffusion-balancing' | 'obligation';
  legalBasis: string | null;
  amountCents: number | null;
  paidCents: number;
  description: string;
  dueDate: string | null;
  caseId: string | null;
  actReference: string;
  /** True once the posting that created it was reversed. */
  cancelled: boolean;
}

export interface BuildingData {
  description: string;
  address: string;
  cadastralReference: string;
  floorAreaM2: number;
  estimatedValueCents: number | null;
}

/** A document about a conferred building, by its content hash (the file stays in document storage). */
export interface BuildingDocument {
  uploadId: string | null;
  title: string;
  filename: string;
  sha256: string;
}

export type FundLedgerErrorCode = 'not-found' | 'invalid-input' | 'insufficient-balance' | 'invalid-state' | 'not-adhering' | 'forbidden';

/** A refused posting, naming the field and the rule, so the API can answer problem+json. */
export class FundLedgerError extends Error {
  override readonly name = 'FundLedgerError';
  constructor(
    readonly code: FundLedgerErrorCode,
    readonly field: string,
    readonly rule: string,
    message: string | { it: string; en: string },
  ) {
    // The message is English (logs); `text` carries both for the API, Italian first.
    super(typeof message === 'string' ? message : message.en);
    this.text = typeof message === 'string' ? { it: message, en: message } : message;
  }

  readonly text: { it: string; en: string };
}
