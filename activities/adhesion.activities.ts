import type { AdhesionActivities } from '@cmm/contracts';
import { formatCivilDate, romeDayOf } from '@cmm/legal-calendar';
import { type AdhesionRepository, type DocumentRepository, type FundLedger, onceWithReceipt } from '@cmm/persistence';
import { type CaseEventActivityDeps, enqueueNotices } from './case-events.activities';
import { fileReceivedDocument } from './received-documents';

export interface AdhesionActivityDeps extends CaseEventActivityDeps {
  documents: DocumentRepository;
  adhesions: AdhesionRepository;
  fundLedger: FundLedger;
}

const italianDate = (iso: string) => iso.split('-').reverse().join('/');
const deliberationReference = (d: { number: string; date: string }) => `Delibera n. ${d.number} del ${italianDate(d.date)}`;

export const createAdhesionActivities = (deps: AdhesionActivityDeps): AdhesionActivities => ({
  /** Opens the case as the municipality filed it: reference, inbound protocol entry, documents, timeline, receipt notice; once. */
  async registerAdhesionSubmission(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `adhesion/${input.caseId}/register`, async () => {
        const receivedOn = formatCivilDate(romeDayOf(Date.parse(input.receivedAt)));
        const reference = await deps.cases.nextReference('AD', Number(receivedOn.slice(0, 4)), tx);
        const [{ name: municipality }] = await tx.query('SELECT name FROM municipalities WHERE istat_code = $1', [input.istatCode]);
        const title = `Adesione alle STTM ${input.sttm.join(', ')}${input.fund ? ' e al Fondo perequativo' : ''} (caso ${input.adhesionCase}) — Comune di ${municipality} (${deliberationReference(input.deliberation)})`;
        const workflowId = `adhesion-${input.caseId}`;
        await deps.cases.open(
          {
            id: input.caseId,
            type: 'adhesion',
            reference,
            title,
            istatCode: input.istatCode,
            state: 'received',
            phase: null,
            workflowId,
            parentCaseId: null,
            businessKey: input.businessKey,
            openedAt: new Date(input.receivedAt),
            contactEmail: input.submittedBy.email,
          },
          tx,
        );
        const deliberation = input.files.find((file) => file.kind === 'adhesion-deliberation');
        const entry = await deps.registry.register(
          {
            direction: 'in',
            correspondent: `Comune di ${municipality}`,
            subject: `Atto deliberativo di adesione — ${title}`,
            caseId: input.caseId,
            documentSha256: deliberation?.sha256 ?? null,
            registeredBy: input.submittedBy.subject,
            registeredAt: new Date(input.receivedAt),
          },
          tx,
        );
        for (const file of input.files) {
          await fileReceivedDocument(deps.documents, tx, { caseId: input.caseId, kind: file.kind, file, by: input.submittedBy.subject, at: input.receivedAt, registryEntryId: entry.id });
        }
        await deps.timeline.append(
          {
            caseId: input.caseId,
            actor: { subject: input.submittedBy.subject, role: input.submittedBy.role },
            type: 'submission-received',
            occurredAt: new Date(input.receivedAt),
            payload: {
              reference,
              protocolNumber: entry.protocolNumber,
              deliberation: input.deliberation,
              sttm: input.sttm,
              adhesionCase: input.adhesionCase,
              fund: input.fund,
              commitments: input.commitments,
              files: input.files.map((f) => ({ kind: f.kind, title: f.title, sha256: f.sha256, filename: f.filename })),
            },
          },
          tx,
        );
        await enqueueNotices(
          deps,
          tx,
          { caseId: input.caseId, workflowId, actor: input.submittedBy, caseData: { caseReference: reference, caseTitle: title, municipality, protocolNumber: entry.protocolNumber } },
          [{ key: 'submission-received', templateId: 'submission-received', to: 'municipality', channel: 'pec', data: { receivedOn } }],
        );
        return { caseId: input.caseId, reference, protocolNumber: entry.protocolNumber, receivedAt: input.receivedAt };
      }),
    );
  },

  /**
   * The registered adhesion counts from the day of its registration (Rome): other procedures
   * ask AdhesionRepository.statusOn. Its commitments go to the Fund ledger in the same
   * transaction, keyed by the case and the deliberation, so a retry posts nothing twice.
   */
  async recordAdhesion({ adhesion, registeredBy, at }) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `adhesion/${adhesion.caseId}/record`, async () => {
        const effectiveFrom = formatCivilDate(romeDayOf(Date.parse(at)));
        await deps.adhesions.record(
          {
            id: adhesion.caseId,
            caseId: adhesion.caseId,
            istatCode: adhesion.istatCode,
            sttm: adhesion.sttm,
            adhesionCase: adhesion.adhesionCase,
            fund: adhesion.fund,
            deliberation: adhesion.deliberation,
            effectiveFrom,
            registeredBy: registeredBy.subject,
          },
          tx,
        );
        if (adhesion.commitments.length === 0) return { effectiveFrom, ledgerTransactionId: null };
        const posted = await deps.fundLedger.postCommitments(
          { caseId: adhesion.caseId, act: { type: 'adhesion', reference: deliberationReference(adhesion.deliberation), date: adhesion.deliberation.date }, postedBy: registeredBy.subject },
          adhesion.commitments,
          tx,
        );
        return { effectiveFrom, ledgerTransactionId: posted.transaction.id };
      }),
    );
  },
});
