import { Injectable } from '@nestjs/common';
import type { Principal } from '@cmm/auth';
import { ProcedureConfig, TemporalConfig } from '@cmm/config';
import {
  STTM_APPROVAL_PROCEDURE,
  type SttmApprovalInput,
  type SttmApprovalView,
  type SttmRegistration,
  type VasScreeningView,
  awaitSttmRegistrationUpdate,
  getSttmApprovalQuery,
  getVasScreeningQuery,
  sttmApprovalWorkflowId,
  vasScreeningWorkflowId,
} from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { getRule, halvedTermAllowed, isValidCivilDate } from '@cmm/legal-calendar';
import { CaseRepository, RegistryRepository, UploadRepository, nameBasedUuid } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { CitedDocumentsService } from '../documents/cited-documents.service';
import { ProcedureViewsService } from '../procedures/procedure-views.service';
import { CasesService } from '../cases/cases.service';
import { runAction, startOnce, toActor } from '../procedures/procedure-workflows';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import type { StartSttmDto } from './sttm-approval.dto';

/** The rule whose halved variant carries how many STTM may run halved. */
const HALVED_RULE = 'sttm-approval.proposal-availability';

@Injectable()
export class SttmApprovalsService {
  constructor(
    private readonly temporal: Client,
    private readonly temporalConfig: TemporalConfig,
    private readonly procedures: ProcedureConfig,
    private readonly cases: CaseRepository,
    private readonly registry: RegistryRepository,
    private readonly uploads: UploadRepository,
    private readonly casesService: CasesService,
    private readonly citedDocuments: CitedDocumentsService,
    private readonly views: ProcedureViewsService,
  ) {}

  /** Starts the iter of one STTM, or finds it: the case id derives from the STTM number. */
  async start(principal: Principal, dto: StartSttmDto): Promise<SttmRegistration & { created: boolean }> {
    if (!isValidCivilDate(dto.avvio.date)) {
      throw new InvalidParamsException(
        [
          {
            name: 'avvio.date',
            rule: 'calendarDate',
            reason: { it: `${dto.avvio.date} non è un giorno del calendario`, en: `${dto.avvio.date} is not a day of the calendar` },
          },
        ],
        422,
      );
    }
    // NdA art. 7bis c.7 halves the terms of the first three STTM only: a later one asking for them is refused, never granted.
    if (dto.halvedTerms && !halvedTermAllowed(HALVED_RULE, dto.sttmNumber)) {
      const halved = getRule(HALVED_RULE).halved;
      throw new InvalidParamsException(
        [
          {
            name: 'halvedTerms',
            rule: 'firstSttmOnly',
            reason: {
              it: `i termini dimezzati valgono solo per i primi ${halved?.appliesToFirst ?? 0} STTM (${halved?.source ?? 'NdA PTM art. 7bis c.7'}); lo STTM ${dto.sttmNumber} segue i termini ordinari`,
              en: `halved terms apply to the first ${halved?.appliesToFirst ?? 0} STTM only (${halved?.source ?? 'NdA PTM art. 7bis c.7'}); STTM ${dto.sttmNumber} runs with the ordinary terms`,
            },
          },
        ],
        422,
      );
    }
    if (dto.avvio.type !== 'decree') {
      throw new InvalidParamsException(
        [
          {
            name: 'avvio.type',
            rule: 'decree',
            reason: {
              it: 'il procedimento si avvia con un decreto del Sindaco metropolitano',
              en: 'the procedure starts with a decree of the metropolitan mayor',
            },
          },
        ],
        422,
      );
    }
    const avvioFile = await this.avvioFile(dto.avvioUploadId);
    const caseId = nameBasedUuid('cmm-sttm-approval', `sttm|${dto.sttmNumber}`);
    // The avvio decree comes as an upload; a document id must already be one of this STTM's case.
    await this.citedDocuments.check(principal, caseId, 'startSttm', { avvio: { documentId: dto.avvio.documentId } });
    const workflowId = sttmApprovalWorkflowId(caseId);
    const input: SttmApprovalInput = {
      caseId,
      sttmNumber: dto.sttmNumber,
      title: dto.title,
      halvedTerms: dto.halvedTerms,
      osservazioniTrigger: dto.osservazioniTrigger ?? this.procedures.STTM_OSSERVAZIONI_TRIGGER,
      avvio: { type: dto.avvio.type, number: dto.avvio.number, date: dto.avvio.date, documentId: dto.avvio.documentId ?? null },
      avvioFile,
      startedBy: toActor(principal),
      startedAt: new Date().toISOString(),
    };
    const created = await startOnce(this.temporal, STTM_APPROVAL_PROCEDURE.workflowType, {
      taskQueue: this.temporalConfig.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [input],
    });
    try {
      return { ...(await this.temporal.workflow.getHandle(workflowId).executeUpdate(awaitSttmRegistrationUpdate)), created };
    } catch (error) {
      const existing = await this.cases.findVisible(null, caseId);
      const [entry] = existing ? await this.registry.forCase(caseId, 'out') : [];
      if (!existing || !entry) throw error;
      return { caseId, reference: existing.reference, protocolNumber: entry.protocolNumber, created };
    }
  }

  async view(principal: Principal, caseId: string): Promise<SttmApprovalView> {
    await this.visible(principal, caseId);
    const view = await this.views.view(caseId, sttmApprovalWorkflowId(caseId), getSttmApprovalQuery);
    // Views stored before the trigger was configurable lack it; those procedures ran from the albo.
    return { ...view, osservazioniTrigger: view.osservazioniTrigger ?? 'albo-publication' };
  }

  async vasView(principal: Principal, caseId: string): Promise<VasScreeningView> {
    await this.visible(principal, caseId);
    return this.views.view(caseId, vasScreeningWorkflowId(sttmApprovalWorkflowId(caseId)), getVasScreeningQuery);
  }

  /** Sends an action to the STTM workflow (or its VAS child); refusals become 403/409/422. */
  async act<V extends object, A extends object>(
    principal: Principal,
    caseId: string,
    update: UpdateDefinition<V, [A & { actor: Actor }]>,
    args: A,
    target: 'sttm' | 'vas' = 'sttm',
  ): Promise<V> {
    await this.visible(principal, caseId);
    await this.citedDocuments.check(principal, caseId, update.name, args);
    const parent = sttmApprovalWorkflowId(caseId);
    const handle = this.temporal.workflow.getHandle(target === 'sttm' ? parent : vasScreeningWorkflowId(parent));
    const view = await runAction(
      handle,
      (updateId) => handle.executeUpdate(update, { args: [{ ...args, actor: toActor(principal) }], updateId }),
      async () => {
        const closed = await this.cases.findVisible(null, caseId);
        if (closed?.closedAt) return closed.state;
        return target === 'vas' ? 'vas-screening-closed' : null;
      },
      `${update.name}/${principal.subject}`,
    );
    return this.views.withRecordedTerms(caseId, view);
  }

  /** The uploaded avvio decree (CMM staff uploads have no municipality scope). */
  private async avvioFile(uploadId: string | undefined): Promise<SttmApprovalInput['avvioFile']> {
    if (!uploadId) return null;
    const upload = (await this.uploads.findUsable([uploadId], null)).get(uploadId);
    if (!upload)
      throw new InvalidParamsException(
        [
          {
            name: 'avvioUploadId',
            rule: 'knownUpload',
            reason: {
              it: `${uploadId} non è un file caricato (usare prima POST /uploads)`,
              en: `${uploadId} is not a known upload (POST /uploads first)`,
            },
          },
        ],
        422,
      );
    const { title, sha256, sizeBytes, contentType, filename, storageKey } = upload;
    return { title, sha256, sizeBytes, contentType, filename, storageKey };
  }

  private async visible(principal: Principal, caseId: string) {
    const found = await this.casesService.visibleCase(principal, caseId);
    if (found.type !== 'sttm-approval')
      throw new ProblemException(404, {
        it: `la pratica ${caseId} non è un procedimento di approvazione di STTM`,
        en: `case ${caseId} is not an STTM approval`,
      });
    return found;
  }
}
