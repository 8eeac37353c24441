import {
  type DocumentRepository,
  type PecInboundMessageView,
  type PecMailboxRepository,
  type TimelineRepository,
  municipalityOfficialName,
} from '@cmm/persistence';
import type { EntityManager } from 'typeorm';

/** Who files and registers what arrives by PEC, on the timeline and in the register. */
export const PEC_INBOUND_ACTOR = { subject: 'system:pec', role: 'system' } as const;

/**
 * Procedures where a municipality's PEC means an act of the workflow: the Update it executes.
 * The compatibility evaluation takes it as the answer to an integration request (the
 * workflow refuses it in any other state; the message then stays filed to the case).
 */
export const PEC_WORKFLOW_UPDATES: Readonly<Record<string, string>> = {
  'compatibility-evaluation': 'submitIntegration',
};

export interface CaseTarget {
  id: string;
  type: string;
  workflowId: string;
  istatCode: string | null;
}

export type TriageResult =
  | { outcome: 'filed' | 'archived'; message: PecInboundMessageView }
  | { outcome: 'not-found' }
  | { outcome: 'case-not-found' }
  | { outcome: 'not-in-triage'; status: string };

export interface PecFilingOptions {
  mailbox: PecMailboxRepository;
  timeline: TimelineRepository;
  documents: DocumentRepository;
}

/**
 * Files an inbound PEC to a case, on arrival (the case it names) or by an officer from the
 * triage list, and archives what belongs to no case. Filing is the same either way: the
 * certified original and each attachment become documents of the case, linked to the
 * registration; the timeline records it; and where the procedure gives a municipality's PEC a
 * meaning, the workflow Update is queued in the same transaction (pec_workflow_updates,
 * executed by the PecWorkflowRelay with this message's id as the Update id).
 */
export class PecFiling {
  constructor(private readonly options: PecFilingOptions) {}

  /** An officer's choice of case for a message waiting in triage, by the case's reference. */
  async fileFromTriage(id: string, caseReference: string, by: { subject: string; role: string }): Promise<TriageResult> {
    const { mailbox } = this.options;
    return mailbox.transaction(async (tx) => {
      const message = await mailbox.lock(id, tx);
      if (!message) return { outcome: 'not-found' } as const;
      if (message.status !== 'triage') return { outcome: 'not-in-triage', status: message.status } as const;
      const [row] = await tx.query('SELECT id, type, workflow_id, istat_code FROM cases WHERE reference = $1', [caseReference]);
      if (!row) return { outcome: 'case-not-found' } as const;
      await this.fileInto(message, { id: row.id, type: row.type, workflowId: row.workflow_id, istatCode: row.istat_code }, by, tx);
      return { outcome: 'filed', message: (await mailbox.find(id, tx)) as PecInboundMessageView } as const;
    });
  }

  /** Archives a message of no case (triage) or a quarantined one, with the officer's reason; it stays registered and readable. */
  async archive(id: string, reason: string, by: { subject: string }): Promise<TriageResult> {
    const { mailbox } = this.options;
    return mailbox.transaction(async (tx) => {
      const message = await mailbox.lock(id, tx);
      if (!message) return { outcome: 'not-found' } as const;
      if (message.status !== 'triage' && message.status !== 'quarantined')
        return { outcome: 'not-in-triage', status: message.status } as const;
      await mailbox.markArchived(id, by.subject, reason, tx);
      return { outcome: 'archived', message: (await mailbox.find(id, tx)) as PecInboundMessageView } as const;
    });
  }

  /** Files a registered message to a case in the caller's transaction. */
  async fileInto(
    message: PecInboundMessageView,
    target: CaseTarget,
    by: { subject: string; role: string },
    tx: EntityManager,
  ): Promise<void> {
    const documents = this.options.documents;
    const label = message.protocolNumber ? `PEC prot. ${message.protocolNumber}` : `PEC ${message.id}`;
    const documentIds: string[] = [];
    for (const [index, part] of message.attachments.entries()) {
      const { document, nextVersion } = await documents.lockOrCreate(
        {
          caseId: target.id,
          kind: part.role === 'postacert' ? 'pec-inbound' : 'pec-inbound-attachment',
          title:
            part.role === 'postacert' ? `${label} – ${message.subject ?? ''}`.trim() : `${label} – allegato ${index}: ${part.filename}`,
          createdBy: PEC_INBOUND_ACTOR.subject,
        },
        tx,
      );
      await documents.addVersion(
        {
          documentId: document.id,
          version: nextVersion,
          sha256: part.sha256,
          sizeBytes: part.sizeBytes,
          contentType: part.contentType,
          filename: part.filename,
          storageKey: part.storageKey,
          uploadedBy: PEC_INBOUND_ACTOR.subject,
          registryEntryId: message.registryEntryId,
        },
        tx,
      );
      documentIds.push(document.id);
    }
    await this.options.mailbox.markFiled(message.id, target.id, by.subject, tx);
    await this.options.timeline.append(
      {
        caseId: target.id,
        actor: { subject: by.subject, role: by.role },
        type: 'pec-received',
        payload: {
          inboundId: message.id,
          protocolNumber: message.protocolNumber,
          sender: message.sender,
          subject: message.subject,
          certifiedSentAt: message.certifiedSentAt?.toISOString() ?? null,
          documentIds,
          filedBy: by.subject,
        },
      },
      tx,
    );
    const update = PEC_WORKFLOW_UPDATES[target.type];
    // Only the municipality whose case it is speaks for it in the workflow (which checks it again).
    if (update && message.istatCode && message.istatCode === target.istatCode) {
      const [{ name }] = await tx.query('SELECT name FROM municipalities WHERE istat_code = $1', [message.istatCode]);
      await this.options.mailbox.enqueueWorkflowUpdate(
        {
          id: message.id,
          caseId: target.id,
          workflowId: target.workflowId,
          updateName: update,
          args: {
            // The certified sender acts: a PEC identifies the sending administration (D.Lgs. 82/2005 CAD art. 47 c.2).
            actor: {
              subject: `pec:${message.sender}`,
              name: `${municipalityOfficialName(name as string)} (PEC)`,
              email: message.sender,
              role: 'comune',
              istatCode: message.istatCode,
            },
            note: `Trasmesso via PEC, prot. ${message.protocolNumber ?? ''}: ${message.subject ?? ''}`.trim(),
            documentIds,
          },
        },
        tx,
      );
    }
  }
}
