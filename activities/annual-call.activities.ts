import { ANNUAL_CALL_PROCEDURE, type AnnualCallActivities, type CallRegistration, type ProposalFile } from '@cmm/contracts';
import { type CallCriteria, type Proposal, type RankingEntry, criteriaForCall, defaultCallCriteria } from '@cmm/domain';
import { type Act, type ActBlock, type ActSegnatura, type DocumentStorage, PLANNING_OFFICE } from '@cmm/documents';
import { computeRuleDeadline, formatItalianDate, getRule, romeDateOf } from '@cmm/legal-calendar';
import {
  type AdhesionRepository,
  type AnnualCallRepository,
  type DocumentRepository,
  municipalityOfficialName,
  nameBasedUuid,
  onceWithReceipt,
} from '@cmm/persistence';
import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from 'typeorm';
import type { CaseEventActivityDeps } from './case-events.activities';
import { fileGeneratedAct, segnaturaOf } from './generated-acts';
import { fileReceivedDocument } from './received-documents';

export interface AnnualCallActivityDeps extends CaseEventActivityDeps {
  documents: DocumentRepository;
  adhesions: AdhesionRepository;
  annualCalls: AnnualCallRepository;
  /** Where generated acts (the notice, the ranking) are stored, like uploaded documents. */
  documentStorage: DocumentStorage;
}

const WINDOW_RULE = 'annual-call.submission-window';
const euro = (cents: number) => `${(cents / 100).toLocaleString('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
const points = (n: number) => n.toLocaleString('it-IT', { maximumFractionDigits: 2 });

/** The case id of a year's call: the same whoever starts it. */
export const annualCallCaseId = (year: number): string => nameBasedUuid('cmm-annual-call', `annual-call|${year}`);

function criteriaBlocks(criteria: CallCriteria): ActBlock[] {
  return [
    { type: 'heading', text: 'Criteri di valutazione' },
    {
      type: 'paragraph',
      text: `Da 0 a ${criteria.scale} punti per criterio; punteggio = somma dei punti pesati, su 100.`,
    },
    { type: 'list', items: criteria.criteria.map((c) => `${c.label.it}: peso ${c.weight}% (${c.source})`) },
    { type: 'paragraph', text: 'In caso di parità di punteggio precede la proposta con:' },
    { type: 'list', ordered: true, items: criteria.tieBreak.map((t) => t.label.it) },
    { type: 'paragraph', text: `Fonte dei criteri: ${criteria.source} (versione ${criteria.version}).` },
  ];
}

/** The notice of the call, in Italian, as the albo pretorio publishes it. */
export function noticeAct(call: {
  year: number;
  reference: string;
  publishedAt: string;
  dueDate: string;
  criteria: CallCriteria;
  segnatura: ActSegnatura;
}): Act {
  const rule = getRule(WINDOW_RULE);
  return {
    office: PLANNING_OFFICE,
    title: `Avviso annuale ex art. 14 NdA PTM – anno ${call.year}`,
    segnatura: call.segnatura,
    issuedAt: new Date(call.publishedAt),
    keywords: [call.reference, 'avviso annuale'],
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Pratica', call.reference],
          ['Pubblicato il', formatItalianDate(romeDateOf(call.publishedAt))],
        ],
      },
      {
        type: 'paragraph',
        text: 'I Comuni che alla data di presentazione aderiscono ad almeno una Strategia Tematico-Territoriale Metropolitana (NdA art. 11) possono proporre interventi da finanziare o edifici da rigenerare.',
      },
      {
        type: 'paragraph',
        text: `Le proposte si presentano entro il ${formatItalianDate(call.dueDate)} (ore 24:00, ora di Roma; ${rule.length} giorni, ${rule.source}).`,
      },
      {
        type: 'paragraph',
        text: 'Ogni proposta indica: tipo, titolo, descrizione, costo, cofinanziamento del Comune, localizzazione, STTM interessate, documenti.',
      },
      { type: 'paragraph', text: 'Le proposte tardive o di Comuni non aderenti non sono accettate.' },
      ...criteriaBlocks(call.criteria),
    ],
  };
}

/** The ranked list, in Italian: ranked proposals, then those not admitted with their reasons. */
export function rankingAct(call: {
  year: number;
  reference: string;
  approvedAt: string;
  approvedBy: string;
  criteria: CallCriteria;
  proposals: Proposal[];
  ranking: RankingEntry[];
  segnatura: ActSegnatura;
}): Act {
  const excluded = call.proposals.filter((p) => p.eligibility?.eligible === false);
  const byId = new Map(call.proposals.map((p) => [p.id, p]));
  const tieLabel = new Map(call.criteria.tieBreak.map((t) => [t.id, t.label.it]));
  return {
    office: PLANNING_OFFICE,
    title: `Graduatoria dell'avviso annuale ex art. 14 NdA PTM – anno ${call.year}`,
    segnatura: call.segnatura,
    issuedAt: new Date(call.approvedAt),
    // Seven columns of names, titles and amounts: on a landscape page no amount is split.
    layout: 'landscape',
    keywords: [call.reference, 'graduatoria'],
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Pratica', call.reference],
          ['Approvata il', formatItalianDate(romeDateOf(call.approvedAt))],
          ['Approvata da', call.approvedBy],
        ],
      },
      {
        type: 'table',
        columns: [
          { header: 'Pos.', weight: 0.7, align: 'right' },
          { header: 'Comune', weight: 2.4 },
          { header: 'Proposta', weight: 3.4 },
          { header: 'Costo', weight: 1.7, align: 'right' },
          { header: 'Cofinanziamento', weight: 1.9, align: 'right' },
          { header: 'Punteggio', weight: 1.3, align: 'right' },
          { header: 'Parità risolta per', weight: 2 },
        ],
        rows: call.ranking.map((r) => {
          const p = byId.get(r.proposalId) as Proposal;
          return [
            String(r.position),
            r.municipality,
            `${r.proposalId} – ${r.title}`,
            euro(p.costCents),
            euro(p.cofinancingCents),
            points(r.score),
            r.tieBrokenBy ? (tieLabel.get(r.tieBrokenBy) ?? r.tieBrokenBy) : '—',
          ];
        }),
        empty: 'Nessuna proposta ammessa.',
      },
      ...(excluded.length > 0
        ? [
            { type: 'heading' as const, text: 'Proposte non ammesse' },
            { type: 'list' as const, items: excluded.map((p) => `${p.municipality}, ${p.id} – ${p.title}: ${p.eligibility?.reasons}`) },
          ]
        : []),
      ...criteriaBlocks(call.criteria),
    ],
  };
}

/** A municipality's filing to the call, registered inbound under its official name. */
async function registerFromMunicipality(
  deps: AnnualCallActivityDeps,
  tx: EntityManager,
  input: { caseId: string; actor: { subject: string; istatCode: string | null }; proposal: { title: string }; files: ProposalFile[] },
  what: string,
) {
  const municipality = await deps.municipalities.nameOf(input.actor.istatCode as string, tx);
  const call = await deps.cases.summary(input.caseId, tx);
  const entry = await deps.registry.register(
    {
      direction: 'in',
      correspondent: municipalityOfficialName(municipality),
      subject: `${what} – ${input.proposal.title} (${call?.title ?? 'avviso annuale'})`,
      caseId: input.caseId,
      documentSha256: input.files[0]?.sha256 ?? null,
      registeredBy: input.actor.subject,
    },
    tx,
  );
  return { entry, municipality: municipality as string };
}

/** A proposal's documents, filed on the call under its registration. */
async function fileProposalDocuments(
  deps: AnnualCallActivityDeps,
  tx: EntityManager,
  input: { caseId: string; proposalId: string; actor: { subject: string }; files: ProposalFile[]; at: string },
  registryEntryId: string,
): Promise<string[]> {
  const documentIds: string[] = [];
  for (const file of input.files) {
    // Titles carry the proposal id: two municipalities' "Relazione" are two documents, not two versions.
    documentIds.push(
      await fileReceivedDocument(deps.documents, tx, {
        caseId: input.caseId,
        kind: 'annual-call-proposal',
        file: { ...file, title: `${input.proposalId} · ${file.title}` },
        by: input.actor.subject,
        at: input.at,
        registryEntryId,
      }),
    );
  }
  return documentIds;
}

export const createAnnualCallActivities = (deps: AnnualCallActivityDeps): AnnualCallActivities => ({
  /**
   * Opens the year's call, once per year: case, criteria copied onto the call, the notice
   * generated, registered outbound and filed, first timeline event. A second run for the
   * same year gets the first one's registration, marked duplicate.
   */
  async registerAnnualCall(input) {
    // The year: named by hand, else the one the Schedule fired for, else the Rome year of the start.
    const year = input.year ?? Number(romeDateOf(input.scheduledFor ?? input.startedAt).slice(0, 4));
    const criteria = criteriaForCall(defaultCallCriteria(), input.weights);
    if ('code' in criteria) throw ApplicationFailure.nonRetryable(criteria.message, 'InvalidCriteria');
    const caseId = annualCallCaseId(year);
    const registration = await deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `annual-call/${year}/register`, async (): Promise<Omit<CallRegistration, 'duplicate'>> => {
        const reference = await deps.cases.nextReference(ANNUAL_CALL_PROCEDURE.referencePrefix, year, tx);
        const title = `Avviso annuale ex art. 14 NdA PTM – anno ${year}`;
        await deps.cases.open(
          {
            id: caseId,
            type: ANNUAL_CALL_PROCEDURE.type,
            reference,
            title,
            istatCode: null,
            state: 'open',
            phase: null,
            workflowId: input.workflowId,
            parentCaseId: null,
            businessKey: `annual-call|${year}`,
            openedAt: new Date(input.startedAt),
            contactEmail: input.startedBy.email,
          },
          tx,
        );
        await deps.annualCalls.claimYear({ year, caseId, workflowId: input.workflowId, criteria, openedAt: new Date(input.startedAt) }, tx);
        const publishedOn = romeDateOf(input.startedAt);
        const dueDate = computeRuleDeadline(WINDOW_RULE, publishedOn).deadline;
        const entry = await deps.registry.register(
          {
            direction: 'out',
            correspondent: 'Comuni della Città metropolitana di Milano',
            subject: title,
            caseId,
            registeredBy: input.startedBy.subject,
          },
          tx,
        );
        const notice = await fileGeneratedAct(deps, tx, {
          caseId,
          kind: 'annual-call-notice',
          filename: `avviso-annuale-${year}.pdf`,
          content: noticeAct({ year, reference, publishedAt: input.startedAt, dueDate, criteria, segnatura: segnaturaOf(entry) }),
          by: input.startedBy.subject,
          at: input.startedAt,
          registryEntryId: entry.id,
        });
        await deps.timeline.append(
          {
            caseId,
            actor: { subject: input.startedBy.subject, role: input.startedBy.role },
            type: 'call-opened',
            occurredAt: new Date(input.startedAt),
            payload: { reference, year, protocolNumber: entry.protocolNumber, noticeDocumentId: notice.documentId, criteria },
          },
          tx,
        );
        return {
          caseId,
          reference,
          year,
          protocolNumber: entry.protocolNumber,
          noticeDocumentId: notice.documentId,
          criteria,
          publishedAt: input.startedAt,
          workflowId: input.workflowId,
        };
      }),
    );
    return { ...registration, duplicate: registration.workflowId !== input.workflowId };
  },

  async adhesionOn({ istatCode, at }) {
    const on = romeDateOf(at);
    const status = await deps.adhesions.statusOn(istatCode, on);
    return { adhering: status.adhering, sttm: status.sttm, on };
  },

  /**
   * A proposal as received: inbound registration, its documents, the municipality as a party of
   * the call (so its users see the case), the proposal row and a timeline event, all at once.
   */
  async registerProposal(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, input.idempotencyKey, async () => {
        const istatCode = input.actor.istatCode as string;
        const { entry, municipality } = await registerFromMunicipality(deps, tx, input, `Proposta ${input.proposalId}`);
        const documentIds = await fileProposalDocuments(deps, tx, input, entry.id);
        await deps.cases.addParties(input.caseId, [istatCode], 'proposer', tx);
        await deps.annualCalls.addProposal(
          {
            caseId: input.caseId,
            proposalId: input.proposalId,
            istatCode,
            kind: input.proposal.kind,
            title: input.proposal.title,
            description: input.proposal.description,
            costCents: input.proposal.costCents,
            cofinancingCents: input.proposal.cofinancingCents,
            location: input.proposal.location,
            sttm: input.proposal.sttm,
            registryEntryId: entry.id,
            submittedAt: new Date(input.at),
          },
          tx,
        );
        // Parties read the call's timeline: the event names the proposal and its number, not its content.
        await deps.timeline.append(
          {
            caseId: input.caseId,
            actor: { subject: input.actor.subject, role: input.actor.role },
            type: 'proposal-submitted',
            payload: { proposalId: input.proposalId, protocolNumber: entry.protocolNumber },
          },
          tx,
        );
        return { protocolNumber: entry.protocolNumber, municipality, documentIds };
      }),
    );
  },

  /**
   * A correction as received, like the proposal it corrects: registered inbound (the registry
   * keeps every version), its documents filed, the proposal row brought up to date, a timeline event.
   */
  async registerProposalAmendment(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, input.idempotencyKey, async () => {
        const { entry } = await registerFromMunicipality(deps, tx, input, `Correzione della proposta ${input.proposalId}`);
        const documentIds = await fileProposalDocuments(deps, tx, input, entry.id);
        const { kind, title, description, costCents, cofinancingCents, location, sttm } = input.proposal;
        await deps.annualCalls.amendProposal(
          { caseId: input.caseId, proposalId: input.proposalId, kind, title, description, costCents, cofinancingCents, location, sttm },
          tx,
        );
        await deps.timeline.append(
          {
            caseId: input.caseId,
            actor: { subject: input.actor.subject, role: input.actor.role },
            type: 'proposal-amended',
            payload: { proposalId: input.proposalId, protocolNumber: entry.protocolNumber },
          },
          tx,
        );
        return { protocolNumber: entry.protocolNumber, documentIds };
      }),
    );
  },

  /** The ranked list as an act of the case: generated, registered outbound, filed; ranks on the proposals. */
  async publishRanking(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `annual-call/${input.caseId}/ranking`, async () => {
        const title = `Graduatoria dell'avviso annuale ex art. 14 NdA PTM – anno ${input.year}`;
        const entry = await deps.registry.register(
          {
            direction: 'out',
            correspondent: 'Comuni proponenti',
            subject: title,
            caseId: input.caseId,
            registeredBy: input.approvedBy.subject,
          },
          tx,
        );
        const act = await fileGeneratedAct(deps, tx, {
          caseId: input.caseId,
          kind: 'annual-call-ranking',
          filename: `graduatoria-avviso-annuale-${input.year}.pdf`,
          content: rankingAct({ ...input, approvedAt: input.at, approvedBy: input.approvedBy.name, segnatura: segnaturaOf(entry) }),
          by: input.approvedBy.subject,
          at: input.at,
          registryEntryId: entry.id,
        });
        const ranked = new Map(input.ranking.map((r) => [r.proposalId, r]));
        await deps.annualCalls.recordOutcome(
          input.caseId,
          input.proposals.map((p) => ({
            proposalId: p.id,
            eligible: p.eligibility?.eligible === true,
            weightedPoints: ranked.get(p.id)?.weightedPoints ?? null,
            position: ranked.get(p.id)?.position ?? null,
          })),
          tx,
        );
        return { documentId: act.documentId, protocolNumber: entry.protocolNumber };
      }),
    );
  },
});
