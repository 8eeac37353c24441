import type { ProcedureType } from '@cmm/domain';
import type { QueryDefinition } from '@temporalio/workflow';
import type { TemplateId } from '../notice-templates';

/**
 * One procedure, described once: what the other layers need to know of it to register it,
 * start it, address it, number its cases and check that none of its parts is missing
 * (procedure-completeness.spec.ts). Every field points at the part itself — the domain's
 * lists and machine, the contract's names — so nothing here is a copy that could drift.
 *
 * `P` is the procedure's code name, `S` its state union, `K` the business key its workflow id
 * is built from (a case id for most; the year for the annual call).
 */
export interface ProcedureDescriptor<P extends ProcedureType = ProcedureType, S extends string = string, K extends unknown[] = never[]> {
  /** The code name stored on cases (libs/domain PROCEDURE_TYPES). */
  readonly type: P;
  /** The workflow type the worker registers: workflows/index.ts exports a function of this name. Persistent, never renamed. */
  readonly workflowType: string;
  /** The id of the procedure's workflow for a business key: the only way ids are built (a repeated start meets the first run). */
  readonly workflowId: (...key: K) => string;
  /**
   * Prefix of the yearly case reference (`VC-2026-000001`), which the activity opening the case
   * takes from here; null for a procedure with no case of its own (the VAS screening runs on the
   * STTM's case).
   */
  readonly referencePrefix: string | null;
  /** Every state, from the domain (the API's enums list them in this order). */
  readonly states: readonly S[];
  /** The states a case ends in, from the domain. */
  readonly terminalStates: readonly S[];
  /** The domain's state machine: where a case starts, and the function that decides each event (refusals name the rule). */
  readonly machine: {
    readonly initialStatus: () => { state: S };
    readonly nextState: (status: never, event: never, ...facts: never[]) => unknown;
  };
  /** The Query answering the procedure's view (the case page reads its terms there). */
  readonly viewQuery: QueryDefinition<unknown, []>;
  /** Every notice the procedure sends (its workflow and its activities): each is worded in the catalogue of libs/notifications. */
  readonly templateIds: readonly TemplateId[];
  /**
   * Its legal terms: the rulebook's rules whose id starts with `rulePrefix`
   * (libs/legal-calendar rulebook.data.json), or 'none' for a procedure without terms.
   */
  readonly terms: 'none' | { readonly rulePrefix: string };
}
