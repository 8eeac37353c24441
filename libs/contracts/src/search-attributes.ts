import type { ProcedureType } from '@cmm/domain';
import { type SearchAttributePair, SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

/**
 * The custom search attributes every procedure workflow sets, so an operator finds a case in
 * Temporal's UI and CLI by what officers call it: `CmmCaseReference = 'VC-2026-000001'`, or
 * `CmmIstatCodes = '015146' AND ExecutionStatus = 'Running'` for a municipality's open cases.
 * Names are persistent (visibility stores rows under them): never rename; add new ones.
 */
export const CASE_SEARCH_ATTRIBUTES = {
  /** The yearly case reference, once the case is registered. */
  reference: defineSearchAttributeKey('CmmCaseReference', SearchAttributeType.KEYWORD),
  /** The procedure's code name (compatibility-evaluation, adhesion, …). */
  procedure: defineSearchAttributeKey('CmmProcedure', SearchAttributeType.KEYWORD),
  /** The case's state in its procedure's machine. */
  state: defineSearchAttributeKey('CmmCaseState', SearchAttributeType.KEYWORD),
  /** The municipalities (ISTAT codes) the case concerns: the filer, the convened, the signatories. */
  istatCodes: defineSearchAttributeKey('CmmIstatCodes', SearchAttributeType.KEYWORD_LIST),
} as const;

/** Versions the workflows that began setting the attributes (histories recorded before carry none). */
export const CASE_SEARCH_ATTRIBUTES_PATCH = 'case-search-attributes';

/** What a workflow knows of its case for the index. */
export interface CaseIndex {
  procedure: ProcedureType;
  reference: string | null;
  state: string;
  istatCodes: readonly string[];
}

/** The attributes' values for a case; an unknown reference is left unset rather than blank. */
export function caseSearchAttributePairs(index: CaseIndex): SearchAttributePair[] {
  const { reference, procedure, state, istatCodes } = CASE_SEARCH_ATTRIBUTES;
  return [
    ...(index.reference ? [{ key: reference, value: index.reference }] : []),
    { key: procedure, value: index.procedure },
    { key: state, value: index.state },
    { key: istatCodes, value: [...new Set(index.istatCodes)].sort() },
  ];
}
