import type { StoredFile } from '@cmm/contracts';
import { type Act, type ActSegnatura, PLANNING_OFFICE, italianDayAndTime } from '@cmm/documents';
import { type Actor, SYSTEM_ACTOR } from '@cmm/domain';
import { computeRuleDeadline, formatItalianDate, romeDateOf } from '@cmm/legal-calendar';
import { municipalityOfficialName, onceWithReceipt } from '@cmm/persistence';
import type { EntityManager } from 'typeorm';
import { type CaseEventActivityDeps, enqueueNotices } from './case-events.activities';
import { type GeneratedActDeps, type StoredAct, fileStoredAct, storeGeneratedAct } from './generated-acts';
import { fileReceivedDocument } from './received-documents';

/** An act a municipality files to open a case, and how the procedure names it. */
export interface MunicipalFiling {
  caseId: string;
  caseType: string;
  /** Prefix of the yearly case reference (VC, AD, …). */
  referencePrefix: string;
  workflowId: string;
  istatCode: string;
  businessKey: string;
  receivedAt: string;
  submittedBy: Actor;
  files: StoredFile[];
  /** The file whose hash the inbound protocol entry carries: the act itself. */
  principalKind: string;
  title: (municipality: string) => string;
  registrySubject: (title: string) => string;
  /** What the procedure adds to the timeline's first event. */
  details: Record<string, unknown>;
  /** The rulebook term the procedure counts from the receipt, if any: the receipt states its due date and source. */
  termRuleId?: string;
}

export interface FiledCase {
  caseId: string;
  reference: string;
  protocolNumber: string;
  receivedAt: string;
  /** The receipt the system filed on the case (kind submission-receipt). */
  receiptDocumentId: string;
}

/** What the registration committed: the numbers, and what the filing step needs to write the rest. */
interface RegisteredFiling {
  caseId: string;
  reference: string;
  protocolNumber: string;
  receivedAt: string;
  title: string;
  municipality: string;
  /** The inbound entry, as the receipt prints it (an ISO instant: the receipt row holds JSON). */
  entry: { id: string; register: string; protocolNumber: string; registeredAt: string; direction: 'in' };
}

/**
 * Opens the case as the municipality filed it, once whatever the retries, in two transactions.
 *
 * The first takes the numbers: the case's reference and the inbound protocol entry, with the
 * timeline's first event (a registration and its event commit together). The register is held
 * from its counter's increment until that transaction commits (a gap-free register cannot do
 * otherwise), and every registration in CMM queues on it, so it holds nothing else. The second
 * files what the numbers are known for: the documents (already in storage) as their next version,
 * the receipt act (rendered and stored before it opens) and the receipt notice by PEC. Each
 * commits with its activity receipt (`key`, `key/filing`); the activity returns only once both
 * did, and a retry after a crash between them finds the numbers and files the rest. When the
 * receipt act and its fsync were inside the register's transaction, they set the pace of every
 * registration.
 */
export async function openFiledCase(
  deps: CaseEventActivityDeps & GeneratedActDeps,
  key: string,
  filing: MunicipalFiling,
): Promise<FiledCase> {
  const registered = await deps.dataSource.transaction((tx) => onceWithReceipt(tx, key, () => registerFiling(deps, tx, filing)));
  // A receipt written before registration and filing were two transactions holds the whole filed case.
  if ('receiptDocumentId' in registered) return registered as unknown as FiledCase;
  const receivedOn = romeDateOf(filing.receivedAt);
  const term = receiptTerm(filing.termRuleId, receivedOn);
  const stored = await storeGeneratedAct(
    deps,
    receiptAct({
      reference: registered.reference,
      title: registered.title,
      subject: filing.registrySubject(registered.title),
      municipality: registered.municipality,
      segnatura: { ...registered.entry, registeredAt: new Date(registered.entry.registeredAt) },
      receivedAt: new Date(filing.receivedAt),
      submittedBy: filing.submittedBy,
      files: filing.files,
      term: term.deadline,
    }),
  );
  return deps.dataSource.transaction((tx) =>
    onceWithReceipt(tx, `${key}/filing`, () => fileRegisteredFiling(deps, tx, filing, registered, { receivedOn, term, stored })),
  );
}

/** The numbers, in the caller's transaction: reference, the case's row, the inbound protocol entry and its timeline event. */
async function registerFiling(deps: CaseEventActivityDeps, tx: EntityManager, filing: MunicipalFiling): Promise<RegisteredFiling> {
  // Read before any counter is taken: the counters' locks last until the commit.
  const municipality = await deps.municipalities.nameOf(filing.istatCode, tx);
  const title = filing.title(municipality);
  const receivedOn = romeDateOf(filing.receivedAt);
  const reference = await deps.cases.nextReference(filing.referencePrefix, Number(receivedOn.slice(0, 4)), tx);
  const at = new Date(filing.receivedAt);
  await deps.cases.open(
    {
      id: filing.caseId,
      type: filing.caseType,
      reference,
      title,
      istatCode: filing.istatCode,
      state: 'received',
      phase: null,
      workflowId: filing.workflowId,
      parentCaseId: null,
      businessKey: filing.businessKey,
      openedAt: at,
      contactEmail: filing.submittedBy.email,
    },
    tx,
  );
  const principal = filing.files.find((file) => file.kind === filing.principalKind);
  const entry = await deps.registry.register(
    {
      direction: 'in',
      correspondent: municipalityOfficialName(municipality),
      subject: filing.registrySubject(title),
      caseId: filing.caseId,
      documentSha256: principal?.sha256 ?? null,
      registeredBy: filing.submittedBy.subject,
      // Registered when the number is taken, in this transaction: later than the receipt when
      // the worker took the filing up late (a restart, a backlog of respond-async submissions).
      receivedAt: at,
    },
    tx,
  );
  // The registration and its timeline event commit together (data-model.md, Protocol registry).
  await deps.timeline.append(
    {
      caseId: filing.caseId,
      actor: { subject: filing.submittedBy.subject, role: filing.submittedBy.role },
      type: 'submission-received',
      occurredAt: at,
      payload: {
        reference,
        protocolNumber: entry.protocolNumber,
        ...filing.details,
        files: filing.files.map((f) => ({ kind: f.kind, title: f.title, sha256: f.sha256, filename: f.filename })),
      },
    },
    tx,
  );
  return {
    caseId: filing.caseId,
    reference,
    protocolNumber: entry.protocolNumber,
    receivedAt: filing.receivedAt,
    title,
    municipality,
    entry: {
      id: entry.id,
      register: entry.register,
      protocolNumber: entry.protocolNumber,
      registeredAt: entry.registeredAt.toISOString(),
      direction: 'in',
    },
  };
}

/** What the numbers are known for, in the caller's transaction: documents, receipt act and notice. */
async function fileRegisteredFiling(
  deps: CaseEventActivityDeps & GeneratedActDeps,
  tx: EntityManager,
  filing: MunicipalFiling,
  registered: RegisteredFiling,
  receipt: { receivedOn: string; term: ReturnType<typeof receiptTerm>; stored: StoredAct },
): Promise<FiledCase> {
  const { reference, title, municipality, entry } = registered;
  for (const file of filing.files) {
    await fileReceivedDocument(deps.documents, tx, {
      caseId: filing.caseId,
      kind: file.kind,
      file,
      by: filing.submittedBy.subject,
      at: filing.receivedAt,
      registryEntryId: entry.id,
    });
  }
  // The receipt is an act of its own on the case: the clerk downloads it, the PEC links to it.
  const filed = await fileStoredAct(deps.documents, tx, {
    caseId: filing.caseId,
    kind: 'submission-receipt',
    filename: `ricevuta-${reference}.pdf`,
    stored: receipt.stored,
    // Written by CMM's system, not by the filer: it is not among the documents "filed by" the municipality.
    by: SYSTEM_ACTOR.subject,
    at: filing.receivedAt,
    registryEntryId: entry.id,
  });
  await enqueueNotices(
    deps,
    tx,
    {
      caseId: filing.caseId,
      workflowId: filing.workflowId,
      actor: filing.submittedBy,
      caseData: { caseReference: reference, caseTitle: title, municipality, protocolNumber: entry.protocolNumber },
    },
    [
      {
        key: 'submission-received',
        templateId: 'submission-received',
        to: 'municipality',
        channel: 'pec',
        data: { receivedOn: receipt.receivedOn, ...receipt.term, documentId: filed.documentId },
      },
    ],
  );
  return {
    caseId: filing.caseId,
    reference,
    protocolNumber: entry.protocolNumber,
    receivedAt: filing.receivedAt,
    receiptDocumentId: filed.documentId,
  };
}

/** The receipt, in Italian: what was filed, when, under which number, and the term that runs from it. */
export function receiptAct(r: {
  reference: string;
  title: string;
  subject: string;
  municipality: string;
  segnatura: ActSegnatura;
  receivedAt: Date;
  submittedBy: Actor;
  files: StoredFile[];
  term: { date: string; legalSource: string; label: { it: string } } | undefined;
}): Act {
  return {
    office: PLANNING_OFFICE,
    title: `Ricevuta di presentazione — ${r.reference}`,
    segnatura: r.segnatura,
    issuedAt: r.receivedAt,
    keywords: [r.reference, 'ricevuta di presentazione'],
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Pratica', r.reference],
          ['Oggetto', r.subject],
          ['Comune', municipalityOfficialName(r.municipality)],
          ['Ricevuta il', `${italianDayAndTime(r.receivedAt)} (ora italiana)`],
          ['Protocollo in entrata', `n. ${r.segnatura.protocolNumber}, registrato il ${italianDayAndTime(r.segnatura.registeredAt)}`],
          ['Presentata da', `${r.submittedBy.name}${r.submittedBy.email ? ` <${r.submittedBy.email}>` : ''}`],
        ],
      },
      ...(r.term
        ? [
            {
              type: 'paragraph' as const,
              text: `Termine: ${r.term.label.it} entro il ${formatItalianDate(r.term.date)} (${r.term.legalSource}), decorrente dal ricevimento della domanda.`,
            },
          ]
        : []),
      { type: 'heading', text: `Documenti depositati (${r.files.length})` },
      {
        type: 'table',
        columns: [
          { header: 'N.', weight: 0.5, align: 'right' },
          { header: 'Documento', weight: 3 },
          { header: 'File', weight: 2.5 },
          { header: 'Byte', weight: 1, align: 'right' },
          { header: 'Impronta SHA-256', weight: 4.5 },
        ],
        rows: r.files.map((file, i) => [String(i + 1), file.title, file.filename, String(file.sizeBytes), file.sha256]),
        empty: 'Nessun documento allegato.',
      },
      {
        type: 'paragraph',
        text: "L'impronta SHA-256 identifica ogni documento come depositato: una copia con la stessa impronta è identica.",
      },
    ],
  };
}

/** The term as the workflow will start it (from the Rome day of receipt), for the receipt notice. */
function receiptTerm(
  ruleId: string | undefined,
  receivedOn: string,
): { deadline?: { date: string; legalSource: string; label: { it: string; en: string } } } {
  if (!ruleId) return {};
  const computed = computeRuleDeadline(ruleId, receivedOn);
  return { deadline: { date: computed.deadline, legalSource: computed.rule.source, label: computed.rule.label } };
}
