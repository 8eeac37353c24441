import {
  type CaseActivities,
  type CaseEventInput,
  type CaseEventResult,
  type NotificationIntent,
  caseDocumentPageUrl,
  casePageUrl,
  noticePageUrl,
} from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import type { NotificationOutbox } from '@cmm/notifications';
import {
  type CaseRepository,
  type MunicipalityRepository,
  type RegistryRepository,
  type TimelineRepository,
  municipalitiesOfficialName,
  municipalityOfficialName,
  onceWithReceipt,
} from '@cmm/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { resolveRecipients } from './notification-recipients';

export interface CaseEventActivityDeps {
  dataSource: DataSource;
  cases: CaseRepository;
  municipalities: MunicipalityRepository;
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
  deps: Pick<CaseEventActivityDeps, 'cases' | 'municipalities' | 'outbox' | 'officersMailbox' | 'publicUrl' | 'organizer'>,
  tx: EntityManager,
  context: { caseId: string; workflowId: string; actor: Actor; caseData: Record<string, unknown> },
  intents: readonly NotificationIntent[],
): Promise<void> {
  let procedure: string | null | undefined;
  for (const intent of intents) {
    const recipients = await resolveRecipients(deps, tx, context.caseId, intent.to, context.actor, deps.officersMailbox);
    if (recipients.length === 0) continue;
    if (procedure === undefined)
      procedure = ((await tx.query('SELECT type FROM cases WHERE id = $1', [context.caseId])) as { type: string }[])[0]?.type ?? null;
    const readers = intent.to === 'officers' || intent.to === 'actor' ? 'staff' : 'municipalities';
    // The web application's page, never the JSON route (a browser gets 401 there): the case page,
    // or the municipalities' own page of the procedure where the case page is not theirs to open.
    const pageUrl = noticePageUrl(deps.publicUrl, context.caseId, procedure, readers);
    const data: Record<string, unknown> = { caseUrl: pageUrl, ...context.caseData, ...intent.data };
    // A copy for a municipality's delegate names the municipality the delegate stands for.
    if (typeof data.forIstatCode === 'string' && data.delegateFor === undefined) {
      const name = (await deps.municipalities.namesByIstat([data.forIstatCode], tx)).get(data.forIstatCode);
      if (name !== undefined) data.delegateFor = `Comune di ${name}`;
    }
    // The act a notice is about (opinion, minutes, call notice) travels as a link the recipient can open.
    if (typeof data.documentId === 'string' && data.documentUrl === undefined) {
      const act = await documentLink(tx, deps.publicUrl, context.caseId, data.documentId);
      // Where the case page is not the readers' (see above), their page offers the act instead.
      if (act) Object.assign(data, pageUrl === casePageUrl(deps.publicUrl, context.caseId) ? act : { ...act, documentUrl: pageUrl });
    }
    await deps.outbox.enqueue(
      {
        idempotencyKey: `${context.caseId}/${intent.key}`,
        caseId: context.caseId,
        workflowId: context.workflowId,
        templateId: intent.templateId,
        channel: intent.channel,
        recipients,
        data,
        calendar: intent.calendar
          ? { ...intent.calendar, organizer: deps.organizer ?? { name: 'Città metropolitana di Milano', address: deps.officersMailbox } }
          : undefined,
      },
      tx,
    );
  }
}

/** The download link of a document's latest version on the case, with its file name; null if it is not on the case. */
async function documentLink(
  tx: EntityManager,
  publicUrl: string,
  caseId: string,
  documentId: string,
): Promise<{ documentUrl: string; documentName: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(documentId)) return null;
  const [row]: { filename: string }[] = await tx.query(
    `SELECT v.filename FROM document_versions v JOIN documents d ON d.id = v.document_id
      WHERE d.id = $1 AND d.case_id = $2 ORDER BY v.version DESC LIMIT 1`,
    [documentId, caseId],
  );
  return row ? { documentUrl: caseDocumentPageUrl(publicUrl, caseId, documentId), documentName: row.filename } : null;
}

/**
 * One step of a procedure on the read model, inside the caller's transaction: registry entry,
 * timeline event, new state and notices. Callers wrap it in onceWithReceipt.
 */
export async function recordEventInTx(
  deps: Pick<
    CaseEventActivityDeps,
    'cases' | 'municipalities' | 'timeline' | 'registry' | 'outbox' | 'officersMailbox' | 'publicUrl' | 'organizer'
  >,
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
            ? municipalitiesOfficialName(parties.map((p) => p.name))
            : caseRow.municipality
              ? municipalityOfficialName(caseRow.municipality)
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
    // A notice of an act registered outbound (the opinion) gives that act's protocol number and
    // links the act, over the receipt's number the workflow's case data carries.
    protocolNumber
      ? (input.notifications ?? []).map((n) => ({
          ...n,
          data: {
            ...n.data,
            protocolNumber,
            ...(input.registerOutbound?.documentId ? { documentId: input.registerOutbound.documentId } : {}),
          },
        }))
      : (input.notifications ?? []),
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
