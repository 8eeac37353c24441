import type { CompatibilityEvaluationActivities } from '@cmm/contracts';
import { formatCivilDate, parseCivilDate, romeDayOf } from '@cmm/legal-calendar';
import { type DocumentRepository, onceWithReceipt } from '@cmm/persistence';
import { type CaseEventActivityDeps, enqueueNotices } from './case-events.activities';
import { fileReceivedDocument } from './received-documents';

export interface CompatibilityEvaluationActivityDeps extends CaseEventActivityDeps {
  documents: DocumentRepository;
}

/** How a case is titled for people: act type, municipality and adoption deliberation. */
const ACT_LABELS: Record<string, string> = {
  pgt: 'PGT',
  'variante-pgt': 'Variante al PGT',
  suap: 'SUAP in variante',
  pii: 'Programma integrato di intervento',
  'piano-attuativo': 'Piano attuativo',
  'opera-pubblica': 'Opera pubblica non conforme',
};

const italianDate = (iso: string) => iso.split('-').reverse().join('/');

export const createCompatibilityEvaluationActivities = (deps: CompatibilityEvaluationActivityDeps): CompatibilityEvaluationActivities => ({
  /**
   * Opens the case as the municipality filed it: reference, inbound protocol registration,
   * the documents (already in storage) as version 1, the timeline's first event and the
   * receipt notice. All or nothing, and only once per case.
   */
  async registerSubmission(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `compatibility-evaluation/${input.caseId}/register`, async () => {
        const receivedOn = formatCivilDate(romeDayOf(Date.parse(input.receivedAt)));
        const year = Number(receivedOn.slice(0, 4));
        const reference = await deps.cases.nextReference('VC', year, tx);
        const [{ name: municipality }] = await tx.query('SELECT name FROM municipalities WHERE istat_code = $1', [input.istatCode]);
        parseCivilDate(input.deliberation.date, 'deliberation.date');
        const title = `${ACT_LABELS[input.actType] ?? input.actType} — Comune di ${municipality} (delibera n. ${input.deliberation.number} del ${italianDate(input.deliberation.date)})`;
        await deps.cases.open(
          {
            id: input.caseId,
            type: 'compatibility-evaluation',
            reference,
            title,
            istatCode: input.istatCode,
            state: 'received',
            phase: null,
            workflowId: `compatibility-evaluation-${input.caseId}`,
            parentCaseId: null,
            businessKey: input.businessKey,
            openedAt: new Date(input.receivedAt),
            contactEmail: input.submittedBy.email,
          },
          tx,
        );
        const adoptedAct = input.files.find((file) => file.kind === 'adopted-act');
        const entry = await deps.registry.register(
          {
            direction: 'in',
            correspondent: `Comune di ${municipality}`,
            subject: `Richiesta di valutazione di compatibilità al PTM — ${title}`,
            caseId: input.caseId,
            documentSha256: adoptedAct?.sha256 ?? null,
            registeredBy: input.submittedBy.subject,
            registeredAt: new Date(input.receivedAt),
          },
          tx,
        );
        for (const file of input.files) {
          await fileReceivedDocument(deps.documents, tx, {
            caseId: input.caseId,
            kind: file.kind,
            file,
            by: input.submittedBy.subject,
            at: input.receivedAt,
            registryEntryId: entry.id,
          });
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
              actType: input.actType,
              deliberation: input.deliberation,
              declaresSupraMunicipalRelevance: input.declaresSupraMunicipalRelevance,
              adhesionCase: input.adhesionCase,
              files: input.files.map((f) => ({ kind: f.kind, title: f.title, sha256: f.sha256, filename: f.filename })),
            },
          },
          tx,
        );
        await enqueueNotices(
          deps,
          tx,
          {
            caseId: input.caseId,
            workflowId: `compatibility-evaluation-${input.caseId}`,
            actor: input.submittedBy,
            caseData: { caseReference: reference, caseTitle: title, municipality, protocolNumber: entry.protocolNumber },
          },
          [{ key: 'submission-received', templateId: 'submission-received', to: 'municipality', channel: 'pec', data: { receivedOn } }],
        );
        return { caseId: input.caseId, reference, protocolNumber: entry.protocolNumber, receivedAt: input.receivedAt };
      }),
    );
  },
});
