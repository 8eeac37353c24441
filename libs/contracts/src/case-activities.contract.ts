import type { Actor } from '@cmm/domain';
import type { TemplateId } from './notice-templates';

/**
 * A notification an activity puts in the outbox with the change that causes it.
 * `to` names recipients by their role in the case, resolved by the activity from the read
 * model (the municipality's PEC, the officer in charge...), so workflows hold no addresses.
 */
export interface NotificationIntent {
  /** Unique within the case: the outbox refuses a second notification with the same key. */
  key: string;
  templateId: TemplateId;
  to:
    | 'municipality'
    | 'officers'
    | 'actor'
    | 'all-municipalities'
    | 'parties'
    | { municipalities: string[] }
    /** People the case itself names (a conference delegate), by the address it holds. */
    | { addresses: { address: string; name?: string }[] };
  channel: 'email' | 'pec';
  data: Record<string, unknown>;
  /** A calendar invitation sent with the notice (ICS): one `uid` per event, `sequence` raised on each change. */
  calendar?: {
    uid: string;
    sequence: number;
    method: 'REQUEST' | 'CANCEL';
    start: string;
    end: string;
    summary: string;
    location?: string;
    url?: string;
  };
}

export interface CaseEventInput {
  caseId: string;
  workflowId: string;
  actor: Actor;
  /** Timeline event type, kebab-case, e.g. `integration-requested`. */
  type: string;
  payload: Record<string, unknown>;
  state?: string;
  phase?: string | null;
  closed?: boolean;
  /**
   * Registers an outbound act (e.g. the opinion) in the protocol registry, addressed to the
   * case's municipality or, for an act of several municipalities (an agreement), to its parties.
   */
  registerOutbound?: { correspondent: 'municipality' | 'parties'; subject: string; documentId?: string };
  notifications?: NotificationIntent[];
  /** Makes a retried activity a no-op: the same key is recorded once. */
  idempotencyKey: string;
}

export interface CaseEventResult {
  seq: number;
  protocolNumber: string | null;
}

export interface CaseActivities {
  recordCaseEvent(input: CaseEventInput): Promise<CaseEventResult>;
}
