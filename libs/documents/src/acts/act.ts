/**
 * An act the system writes, as content: what it says and under which registration. The PDF/A
 * writer (`pdfa-act-writer.ts`) lays it out; the builders of each kind of act compose it.
 */

/** The registration printed on the act (DPR 445/2000 art. 55, DPCM 3/12/2013: register, number, date). */
export interface ActSegnatura {
  /** The register's code ("generale"). */
  register: string;
  /** "2026/0000123", as the registry formats it (`formatProtocolNumber`). */
  protocolNumber: string;
  registeredAt: Date;
  direction: 'in' | 'out';
}

export interface ActTableColumn {
  header: string;
  /** Share of the text width, relative to the other columns' weights. */
  weight: number;
  align?: 'left' | 'right';
}

export type ActBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[]; ordered?: boolean }
  /** Label–value lines ("Pratica: VC-2026-000001"). */
  | { type: 'fields'; rows: Array<[label: string, value: string]> }
  | { type: 'table'; columns: ActTableColumn[]; rows: string[][]; empty: string };

export interface Act {
  /** The office of CMM that issues or receives the act, printed under CMM's name. */
  office: string;
  title: string;
  segnatura: ActSegnatura | null;
  /** The act's instant: its PDF creation date, so the same act gives the same bytes. */
  issuedAt: Date;
  blocks: ActBlock[];
  /** Landscape for wide tables (the daily register); portrait otherwise. */
  layout?: 'portrait' | 'landscape';
  /** Extra keywords for the document's metadata (the case reference, the kind of act). */
  keywords?: string[];
}

/** CMM's name as its acts are headed. */
export const CMM_NAME = 'Città metropolitana di Milano';

/**
 * The offices printed under CMM's name. The procedures of the PTM are the planning office's; the
 * daily register is the protocol service's (DPCM 3/12/2013 art. 7 c.5).
 */
export const PLANNING_OFFICE = 'Pianificazione territoriale metropolitana';
export const PROTOCOL_OFFICE = 'Servizio di protocollo – Registro generale';
