import { Injectable } from '@nestjs/common';
import type { Principal } from '@cmm/auth';
import { type DocumentStorage } from '@cmm/documents';
import { PecFiling, type TriageResult } from '@cmm/notifications';
import { DocumentRepository, PecMailboxRepository, type PecInboundMessageView, TimelineRepository } from '@cmm/persistence';
import type { Readable } from 'node:stream';
import { InjectDocumentStorage } from '../documents/document-storage.provider';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import type { PecInboxStatus } from './pec-inbox.dto';

/** Case references as the procedures write them (PREFIX-YYYY-NNNNNN, libs/contracts/src/procedures). */
const CASE_REFERENCE = /^[A-Z]{2,5}-\d{4}-\d{6}$/;

const notFound = (id: string) => new ProblemException(404, { it: `messaggio PEC ${id} non trovato`, en: `PEC message ${id} not found` });

/** CMM's PEC mailbox as officers see it: what waits to be filed ("posta da smistare"), and their filing or archiving. */
@Injectable()
export class PecInboxService {
  private readonly filing: PecFiling;

  constructor(
    private readonly mailbox: PecMailboxRepository,
    documents: DocumentRepository,
    timeline: TimelineRepository,
    @InjectDocumentStorage() private readonly storage: DocumentStorage,
  ) {
    // The same filing as the notifier's on arrival: documents, timeline, workflow Update.
    this.filing = new PecFiling({ mailbox, timeline, documents });
  }

  list(status: PecInboxStatus, limit: number): Promise<PecInboundMessageView[]> {
    return this.mailbox.list([status], limit);
  }

  async find(id: string): Promise<PecInboundMessageView> {
    const message = await this.mailbox.find(id);
    if (!message) throw notFound(id);
    return message;
  }

  async part(id: string, index: number): Promise<{ filename: string; contentType: string; size: number; content: Readable }> {
    const message = await this.find(id);
    const part = message.attachments[index];
    if (!part)
      throw new ProblemException(404, {
        it: `il messaggio PEC ${id} non ha la parte ${index}`,
        en: `PEC message ${id} has no part ${index}`,
      });
    return {
      filename: part.filename,
      contentType: part.contentType,
      size: part.sizeBytes,
      content: await this.storage.read(part.storageKey),
    };
  }

  async file(principal: Principal, id: string, caseReference: string): Promise<PecInboundMessageView> {
    if (!CASE_REFERENCE.test(caseReference))
      throw new InvalidParamsException(
        [
          {
            name: 'caseReference',
            rule: 'caseReference',
            reason: {
              it: 'deve essere il riferimento di una pratica, come VC-2026-000123',
              en: 'must be a case reference, such as VC-2026-000123',
            },
          },
        ],
        422,
      );
    return this.answer(
      id,
      await this.filing.fileFromTriage(id, caseReference, { subject: principal.subject, role: principal.role }),
      caseReference,
    );
  }

  async archive(principal: Principal, id: string, reason: string): Promise<PecInboundMessageView> {
    return this.answer(id, await this.filing.archive(id, reason, { subject: principal.subject }));
  }

  private answer(id: string, result: TriageResult, caseReference?: string): PecInboundMessageView {
    switch (result.outcome) {
      case 'filed':
      case 'archived':
        return result.message;
      case 'not-found':
        throw notFound(id);
      case 'case-not-found':
        throw new InvalidParamsException(
          [
            {
              name: 'caseReference',
              rule: 'existingCase',
              reason: { it: `la pratica ${caseReference} non esiste`, en: `case ${caseReference} does not exist` },
            },
          ],
          422,
        );
      case 'not-in-triage':
        throw new ProblemException(
          409,
          {
            it: `il messaggio non è da smistare (stato «${result.status}»)`,
            en: `the message is not waiting to be filed (${result.status})`,
          },
          { messageStatus: result.status },
        );
    }
  }
}
