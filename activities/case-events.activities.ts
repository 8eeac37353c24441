import { type CaseActivities, type CaseEventInput, type CaseEventResult, type NotificationIntent, casePageUrl } from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import type { NotificationOutbox, TemplateId } from '@cmm/notifications';
import { type CaseRepository, type RegistryRepository, type TimelineRepository, onceWithReceipt } from '@cmm/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { resolveRecipients } from './notification-recipients';

export interface CaseEventActivityDeps {
  dataSource: DataSource;
  cases: CaseRepository;
  timeline: TimelineRepository;
  registry: RegistryRepository;
  outbox: NotificationOutbox;
  /** CMM's procedure mailbox, where officers get alerts and reminders. */
  officersMailbox: string;
  /** Base URL of the case pages, for the links in notices. */
  publicUrl: string;
  /** Organizer of calendar invitations (the procedure mailbox). */
  organizer?: { name: string; address: string };
}

/** Puts the notices of an event in the outbox, in the transaction of the event itself. */
export async function enqueueNotices(
  deps: Pick<CaseEventActivityDeps, 'cases' | 'outbox' | 'officersMailbox' | 'publicUrl' | 'organizer'>,
  tx: EntityManager,
  context: { caseId: string; workflowId: string; actor: Actor; caseData: Record<string, unknown> },
  intents: readonly NotificationIntent[],
): Promise<void> {
  for (const intent of intents) {
    const recipients = await resolveRecipients(deps.cases, tx, context.caseId, intent.to, context.actor, deps.officersMailbox);
    if (recipients.length === 0) continue;
    await deps.outbox.enqueue(
      {
        idempotencyKey: `${context.caseId}/${intent.key}`,
        caseId: context.caseId,
        workflowId: context.workflowId,
        templateId: intent.templateId as TemplateId,
        channel: intent.channel,
        recipients,
        // The web application's case page, never the JSON route (a browser gets 401 there).
        data: { caseUrl: casePageUrl(deps.publicUrl, context.caseId), ...context.caseData, ...intent.data },
        calendar: intent.calendar
          ? { ...intent.calendar, organizer: deps.organizer ?? { name: 'Città metropolitana di Milano', address: deps.officersMailbox } }
          : undefined,
      },
      tx,
    );
  }
}

/**
 * One step of a procedure on the read model, inside the caller's transaction: registry entry,
 * timeline event, new state and notices. Callers wrap it in onceWithReceipt.
 */
export async function recordEventInTx(
  deps: Pick<CaseEventActivityDeps, 'cases' | 'timeline' | 'registry' | 'outbox' | 'officersMailbox' | 'publicUrl' | 'organizer'>,
  tx: EntityManager,
  input: CaseEventInput,
): Promise<CaseEventResult> {
  const caseRow = await deps.cases.summary(input.caseId, tx);
  if (!caseRow) throw new Error(`recordCaseEvent: case ${input.caseId} does not exist`);
  let protocolNumber: string | null = null;
  if (input.registerOutbound) {
    const parties = input.registerOutbound.correspondent === 'parties' ? await deps.cases.parties(input.caseId, tx) : [];
    const entry = await deps.registry.register(
      {
        direction: 'out',
        correspondent:
          parties.length > 0
            ? `Comuni di ${parties.map((p) => p.name).join(', ')}`
            : caseRow.municipality
              ? `Comune di ${caseRow.municipality}`
              : 'Città metropolitana di Milano',
        subject: input.registerOutbound.subject,
        caseId: input.caseId,
        registeredBy: input.actor.subject,
      },
      tx,
    );
    protocolNumber = entry.protocolNumber;
  }
  const event = await deps.timeline.append(
    {
      caseId: input.caseId,
      actor: { subject: input.actor.subject, role: input.actor.role },
      type: input.type,
      payload: protocolNumber ? { ...input.payload, protocolNumber } : input.payload,
    },
    tx,
  );
  if (input.state) await deps.cases.setState(input.caseId, { state: input.state, phase: input.phase, closed: input.closed }, tx);
  await enqueueNotices(
    deps,
    tx,
    {
      caseId: input.caseId,
      workflowId: input.workflowId,
      actor: input.actor,
      caseData: { caseReference: caseRow.reference, caseTitle: caseRow.title, municipality: caseRow.municipality, protocolNumber },
    },
    input.notifications ?? [],
  );
  return { seq: event.seq, protocolNumber };
}

export const createCaseEventActivities = (deps: CaseEventActivityDeps): CaseActivities => ({
  /**
   * One step of a procedure on the read model: registry entry, timeline event, new state and
   * notices commit together, once, whatever Temporal retries.
   */
  async recordCaseEvent(input) {
    return deps.dataSource.transaction((tx) => onceWithReceipt(tx, input.idempotencyKey, () => recordEventInTx(deps, tx, input)));
  },
});
