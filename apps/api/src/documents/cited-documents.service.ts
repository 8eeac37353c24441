import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import { DocumentRepository } from '@cmm/persistence';
import { InvalidParamsException, type LocalizedInvalidParam } from '../problem-details/problem.exception';
import { DocumentSignaturesService } from './document-signatures.service';

/**
 * The acts that are signed acts: per workflow Update (the action), the cited fields whose
 * document must carry a valid digital signature (CAdES `.p7m` or PAdES), verified on its
 * stored bytes (libs/documents/src/signatures).
 * docs/legal-acts.md lists them for readers; this is the one place the rule lives.
 */
export const SIGNED_ACTS: Readonly<Record<string, readonly string[]>> = {
  // The compatibility opinion is the manager's signed act (LR 12/2005 art. 13 c.5).
  issueOpinion: ['documentId'],
  // Each party signs the agreement (NdA PTM art. 10-11); the workflow checks again by activity.
  signAgreement: ['documentId'],
};

/** Names of the properties that cite a document (one id, or a list of ids), at any depth of an action's arguments. */
const SINGLE = 'documentId';
const LIST = 'documentIds';

export interface CitedDocument {
  /** The field as the client sent it: `documentId`, `act.documentId`, `documentIds.0`. */
  field: string;
  id: string;
}

/** Every document id an action's arguments cite, with the field that cites it. */
export function citedDocuments(args: unknown, path = ''): CitedDocument[] {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return [];
  const cited: CitedDocument[] = [];
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    const field = path ? `${path}.${key}` : key;
    if (key === SINGLE && typeof value === 'string') cited.push({ field, id: value });
    else if (key === LIST && Array.isArray(value))
      value.forEach((id, i) => typeof id === 'string' && cited.push({ field: `${field}.${i}`, id }));
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) cited.push(...citedDocuments(value, field));
  }
  return cited;
}

/**
 * The guard every action that cites documents passes before its Update is sent: a cited
 * document must be a document of that case (and one the caller may read), and a signed act
 * must carry valid signatures (an untrusted chain refuses it too when the operator says so).
 * A refusal is 422 naming the field, and nothing reaches the workflow.
 */
@Injectable()
export class CitedDocumentsService {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly signatures: DocumentSignaturesService,
  ) {}

  async check(principal: Principal, caseId: string, action: string, args: unknown): Promise<void> {
    const cited = citedDocuments(args);
    if (cited.length === 0) return;
    const readable = new Map(
      (await this.documents.listForCase(caseId, isMunicipal(principal) ? (principal.istatCode as string) : null)).map((d) => [d.id, d]),
    );
    const problems: LocalizedInvalidParam[] = [];
    for (const { field, id } of cited) {
      if (readable.has(id)) continue;
      problems.push({
        name: field,
        rule: 'caseDocument',
        reason: {
          it: `${id} non è un documento di questa pratica (usare prima POST /cases/${caseId}/documents)`,
          en: `${id} is not a document of this case (POST /cases/${caseId}/documents first)`,
        },
      });
    }
    if (problems.length > 0) throw new InvalidParamsException(problems, 422);
    const signedFields = new Set(SIGNED_ACTS[action] ?? []);
    for (const { field, id } of cited.filter((c) => signedFields.has(c.field))) {
      const versions = readable.get(id)?.versions ?? [];
      const latest = versions[versions.length - 1];
      const verdict = latest ? await this.signatures.verifyForAct(latest) : null;
      if (!verdict?.accepted) {
        const why = verdict?.refusal ?? { it: 'il documento non ha contenuto', en: 'the document has no content' };
        problems.push({
          name: field,
          rule: 'signedAct',
          reason: { it: `l'atto deve essere firmato digitalmente: ${why.it}`, en: `this act must be digitally signed: ${why.en}` },
        });
      }
    }
    if (problems.length > 0) throw new InvalidParamsException(problems, 422);
  }
}
