import { STTM_APPROVAL_PROCEDURE, type SttmApprovalActivities, type SttmScheduleRequest, type SttmScheduleResult } from '@cmm/contracts';
import { CASE_PHASE_LABELS, type SttmSchedule, adoptionProblem } from '@cmm/domain';
import { computeRuleDeadline, formatCivilDate, formatItalianDate, getRule, parseCivilDate, romeDateOf } from '@cmm/legal-calendar';
import { onceWithReceipt } from '@cmm/persistence';
import type { DocumentRepository } from '@cmm/persistence';
import type { CaseEventActivityDeps } from './case-events.activities';
import { fileReceivedDocument } from './received-documents';

export interface SttmApprovalActivityDeps extends CaseEventActivityDeps {
  documents: DocumentRepository;
}

const AVAILABILITY_RULE = 'sttm-approval.proposal-availability';
const CONFERENZA_RULE = 'sttm-approval.conferenza-istruttoria-window';
// The same rule the workflow tracks the conferenza with: the window closes on its due date.
const CONFERENZA_BEFORE_ADOPTION_RULE = 'sttm-approval.conferenza-istruttoria-before-adoption';

/** What the 90/60-day constraints (45/30 halved) allow for one adoption date. */
export function sttmSchedule(adoptionDate: string, halved: boolean): SttmSchedule {
  const availability = computeRuleDeadline(AVAILABILITY_RULE, adoptionDate, { halved });
  const windowOpens = computeRuleDeadline(CONFERENZA_RULE, adoptionDate, { halved });
  return {
    adoptionDate,
    halved,
    availabilityLatest: availability.deadline,
    conferenzaFrom: windowOpens.deadline,
    // Held before the adoption, by the day the calendar computes (a holiday on the eve moves it
    // earlier): the one date the view, the validators and the tracked term all show.
    conferenzaTo: computeRuleDeadline(CONFERENZA_BEFORE_ADOPTION_RULE, adoptionDate).deadline,
    legalSource: halved ? `${getRule(AVAILABILITY_RULE).source}; NdA PTM art. 7bis c.7` : getRule(AVAILABILITY_RULE).source,
  };
}

// Far enough for any constraint: 90 days of availability plus holidays, with room to spare.
const SEARCH_DAYS = 200;

/**
 * The first run of adoption dates compatible with the recorded availability and conferenza
 * dates, scanning forward day by day: backward terms with holiday shifts do not invert
 * exactly, so the calendar is asked for each candidate.
 */
export function validAdoptionRange(request: SttmScheduleRequest): SttmScheduleResult['validAdoption'] {
  const recorded = { availableOn: request.availableOn ?? null, conferenzaOn: request.conferenzaOn ?? null };
  const anchors = [recorded.availableOn, recorded.conferenzaOn].filter((d): d is string => d !== null);
  if (anchors.length === 0) return null;
  const first = Math.max(...anchors.map((d) => parseCivilDate(d))) + 1;
  let from: string | null = null;
  let to: string | null = null;
  for (let day = first; day < first + SEARCH_DAYS; day++) {
    const candidate = formatCivilDate(day);
    const ok = adoptionProblem(recorded, sttmSchedule(candidate, request.halved)) === null;
    if (ok && from === null) from = candidate;
    if (ok) to = candidate;
    if (!ok && from !== null) break;
  }
  if (from === null) return null;
  // Without a conferenza the window only closes by availability, which never ends: no upper bound.
  return { from, to: recorded.conferenzaOn ? to : null };
}

/**
 * Whether a planned adoption can still be prepared on `today` (Rome): its availability deadline
 * must not have passed. When it has, the first adoption date whose availability is still
 * possible, found by asking the calendar day by day (backward terms do not invert exactly).
 */
export function plannability(request: SttmScheduleRequest): Pick<SttmScheduleResult, 'today' | 'availabilityPassed' | 'earliestPlannable'> {
  if (!request.at) return {};
  const today = romeDateOf(request.at);
  const availabilityPassed = sttmSchedule(request.adoptionDate, request.halved).availabilityLatest < today;
  let earliestPlannable: string | null = null;
  if (availabilityPassed) {
    for (let day = parseCivilDate(today) + 1; day < parseCivilDate(today) + SEARCH_DAYS; day++) {
      const candidate = formatCivilDate(day);
      if (sttmSchedule(candidate, request.halved).availabilityLatest >= today) {
        earliestPlannable = candidate;
        break;
      }
    }
  }
  return { today, availabilityPassed, earliestPlannable };
}

export const createSttmApprovalActivities = (deps: SttmApprovalActivityDeps): SttmApprovalActivities => ({
  /**
   * Opens the STTM case as the avvio decree started it: reference, outbound registration of
   * the decree, first timeline event. All or nothing, once per case.
   */
  async registerSttm(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `sttm-approval/${input.caseId}/register`, async () => {
        const year = Number(romeDateOf(input.startedAt).slice(0, 4));
        const reference = await deps.cases.nextReference(STTM_APPROVAL_PROCEDURE.referencePrefix, year, tx);
        const title = `STTM ${input.sttmNumber} — ${input.title}`;
        await deps.cases.open(
          {
            id: input.caseId,
            type: STTM_APPROVAL_PROCEDURE.type,
            reference,
            title,
            istatCode: null,
            state: 'participation',
            phase: input.halvedTerms ? CASE_PHASE_LABELS.halvedTerms.it : null,
            workflowId: STTM_APPROVAL_PROCEDURE.workflowId(input.caseId),
            parentCaseId: null,
            businessKey: `sttm|${input.sttmNumber}`,
            openedAt: new Date(input.startedAt),
            contactEmail: input.startedBy.email,
          },
          tx,
        );
        const entry = await deps.registry.register(
          {
            direction: 'out',
            correspondent: 'Città metropolitana di Milano',
            subject: `Avvio del procedimento — ${title} (decreto n. ${input.avvio.number} del ${formatItalianDate(input.avvio.date)})`,
            caseId: input.caseId,
            registeredBy: input.startedBy.subject,
            documentSha256: input.avvioFile?.sha256 ?? null,
          },
          tx,
        );
        let avvioDocumentId: string | null = null;
        if (input.avvioFile) {
          avvioDocumentId = await fileReceivedDocument(deps.documents, tx, {
            caseId: input.caseId,
            kind: 'avvio-decree',
            file: input.avvioFile,
            by: input.startedBy.subject,
            at: input.startedAt,
            registryEntryId: entry.id,
          });
        }
        await deps.timeline.append(
          {
            caseId: input.caseId,
            actor: { subject: input.startedBy.subject, role: input.startedBy.role },
            type: 'avvio',
            occurredAt: new Date(input.startedAt),
            payload: {
              reference,
              protocolNumber: entry.protocolNumber,
              sttmNumber: input.sttmNumber,
              halvedTerms: input.halvedTerms,
              act: { ...input.avvio, documentId: avvioDocumentId ?? input.avvio.documentId ?? null },
            },
          },
          tx,
        );
        return { caseId: input.caseId, reference, protocolNumber: entry.protocolNumber, avvioDocumentId };
      }),
    );
  },

  async computeSttmSchedule(request) {
    return {
      schedule: sttmSchedule(request.adoptionDate, request.halved),
      validAdoption: validAdoptionRange(request),
      ...plannability(request),
    };
  },

  async registerInbound(input) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, input.idempotencyKey, async () => {
        const entry = await deps.registry.register(
          {
            direction: 'in',
            correspondent: input.correspondent,
            subject: input.subject,
            caseId: input.caseId,
            registeredBy: input.registeredBy,
          },
          tx,
        );
        return { protocolNumber: entry.protocolNumber };
      }),
    );
  },
});
