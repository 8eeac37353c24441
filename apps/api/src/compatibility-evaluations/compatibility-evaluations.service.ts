import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import { ProcedureConfig, TemporalConfig } from '@cmm/config';
import {
  COMPATIBILITY_EVALUATION_PROCEDURE,
  type CompatibilityEvaluationInput,
  type CompatibilityEvaluationView,
  type StoredFile,
  type SubmissionReceipt,
  awaitReceiptUpdate,
  compatibilityEvaluationWorkflowId,
  getEvaluationQuery,
} from '@cmm/contracts';
import { type Actor, checkEvaluationSubmission } from '@cmm/domain';
import { CaseRepository, MunicipalityRepository, RegistryRepository, UploadRepository, nameBasedUuid } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { InvalidParamsException, type LocalizedInvalidParam, ProblemException } from '../problem-details/problem.exception';
import { type CitedUpload, storedFilesOf, unknownUploadProblems } from '../uploads/cited-uploads';
import { CitedDocumentsService } from '../documents/cited-documents.service';
import { ProcedureViewsService } from '../procedures/procedure-views.service';
import { CasesService } from '../cases/cases.service';
import { refusalProblem, romeToday, runAction, startOnce, toActor } from '../procedures/procedure-workflows';
import { startWithUpdate } from '../procedures/start-with-update';
import type { SubmitEvaluationDto } from './compatibility-evaluation.dto';

@Injectable()
export class CompatibilityEvaluationsService {
  constructor(
    private readonly temporal: Client,
    private readonly temporalConfig: TemporalConfig,
    private readonly procedures: ProcedureConfig,
    private readonly uploads: UploadRepository,
    private readonly cases: CaseRepository,
    private readonly registry: RegistryRepository,
    private readonly casesService: CasesService,
    private readonly municipalities: MunicipalityRepository,
    private readonly citedDocuments: CitedDocumentsService,
    private readonly views: ProcedureViewsService,
  ) {}

  /**
   * Starts the evaluation, or finds the one already started for the same act: the case id is
   * derived from the business key (municipality, act type, deliberation number and date), so
   * a repeated submission meets the first workflow and gets its receipt. The answer waits for
   * the registration, so the protocol number comes back with it: the start carries the Update
   * that waits for it (Update-with-Start), one round trip and one workflow task.
   */
  async submit(
    principal: Principal,
    dto: SubmitEvaluationDto,
    options: { waitForReceipt: boolean } = { waitForReceipt: true },
  ): Promise<
    (Omit<SubmissionReceipt, 'receiptDocumentId'> | { caseId: string; reference: null; protocolNumber: null; receivedAt: string }) & {
      receiptDocumentId: string | null;
      created: boolean;
    }
  > {
    const istatCode = principal.istatCode as string;
    const receivedAt = new Date().toISOString();
    // The submission's own rules (libs/domain), before anything is looked up or started.
    const refused = checkEvaluationSubmission(dto, romeToday(receivedAt));
    if (refused) throw refusalProblem(refused);
    const files = await this.storedFiles(principal, dto);
    const businessKey = [istatCode, dto.actType, dto.deliberation.number.toUpperCase(), dto.deliberation.date].join('|');
    const caseId = nameBasedUuid('cmm-compatibility-evaluation', businessKey);
    const workflowId = compatibilityEvaluationWorkflowId(caseId);
    const input: CompatibilityEvaluationInput = {
      caseId,
      istatCode,
      actType: dto.actType,
      deliberation: { number: dto.deliberation.number, date: dto.deliberation.date },
      description: dto.description,
      declaresSupraMunicipalRelevance: dto.declaresSupraMunicipalRelevance,
      affectedMunicipalities: dto.affectedMunicipalities
        ? [...new Set(dto.affectedMunicipalities.filter((code) => code !== istatCode))]
        : undefined,
      adhesionCase: dto.adhesionCase ?? null,
      files,
      submittedBy: toActor(principal),
      receivedAt,
      businessKey,
      integrationEffect: this.procedures.COMPATIBILITY_INTEGRATION_EFFECT,
    };
    const start = { taskQueue: this.temporalConfig.TEMPORAL_TASK_QUEUE, workflowId, args: [input] };
    if (!options.waitForReceipt) {
      const created = await startOnce(this.temporal, COMPATIBILITY_EVALUATION_PROCEDURE.workflowType, start);
      // The start is durable: with `Prefer: respond-async` the client is answered now and reads
      // the protocol number from the case (or the receipt notice) a moment later.
      return { caseId, reference: null, protocolNumber: null, receivedAt, receiptDocumentId: null, created };
    }
    // The start and the wait for the receipt in one call; a workflow that already ran is asked.
    const started = await startWithUpdate(this.temporal, COMPATIBILITY_EVALUATION_PROCEDURE.workflowType, start, awaitReceiptUpdate);
    const receipt = started ?? (await this.receipt(caseId, workflowId));
    // Refused as already started, the workflow may still be this request's own: the client resends the
    // call while the Update is not yet accepted (a slow worker), and the resent start meets the first.
    // The receipt carries the receivedAt of the request that started the workflow.
    const created = started !== null || receipt.receivedAt === receivedAt;
    return { ...receipt, receiptDocumentId: receipt.receiptDocumentId ?? null, created };
  }

  async view(principal: Principal, caseId: string): Promise<CompatibilityEvaluationView> {
    await this.visible(principal, caseId);
    return this.views.view(caseId, compatibilityEvaluationWorkflowId(caseId), getEvaluationQuery);
  }

  /** Sends an action to the case's workflow; refusals become 403/409/422 problem details. */
  async act<A extends object>(
    principal: Principal,
    caseId: string,
    update: UpdateDefinition<CompatibilityEvaluationView, [A & { actor: Actor }]>,
    args: A,
  ): Promise<CompatibilityEvaluationView> {
    await this.visible(principal, caseId);
    await this.citedDocuments.check(principal, caseId, update.name, args);
    const handle = this.temporal.workflow.getHandle(compatibilityEvaluationWorkflowId(caseId));
    const view = await runAction(
      handle,
      (updateId) => handle.executeUpdate(update, { args: [{ ...args, actor: toActor(principal) }], updateId }),
      () => this.closedState(caseId),
      `${update.name}/${principal.subject}`,
    );
    return this.views.withRecordedTerms(caseId, view);
  }

  private async closedState(caseId: string): Promise<string | null> {
    const found = await this.cases.findVisible(null, caseId);
    return found?.closedAt ? found.state : null;
  }

  private async visible(principal: Principal, caseId: string) {
    const found = await this.casesService.visibleCase(principal, caseId);
    if (found.type !== COMPATIBILITY_EVALUATION_PROCEDURE.type)
      throw new ProblemException(404, {
        it: `la pratica ${caseId} non è una valutazione di compatibilità`,
        en: `case ${caseId} is not a compatibility evaluation`,
      });
    return found;
  }

  private async receipt(caseId: string, workflowId: string): Promise<SubmissionReceipt> {
    try {
      return await this.temporal.workflow.getHandle(workflowId).executeUpdate(awaitReceiptUpdate);
    } catch (error) {
      // The first submission's workflow has already closed: its receipt is in the read model.
      const existing = await this.cases.findVisible(null, caseId);
      const [entry] = existing ? await this.registry.forCase(caseId, 'in') : [];
      if (!existing || !entry) throw error;
      return { caseId, reference: existing.reference, protocolNumber: entry.protocolNumber, receivedAt: existing.openedAt.toISOString() };
    }
  }

  /**
   * The uploads the submission names, which must be the caller's own and complete, and the
   * affected municipalities, which must be CMM's (the database's checks; the rest is the domain's).
   */
  private async storedFiles(principal: Principal, dto: SubmitEvaluationDto): Promise<StoredFile[]> {
    const named: CitedUpload[] = [
      { field: 'uploads.adoptedAct', id: dto.uploads.adoptedAct, kind: 'adopted-act' },
      ...(dto.uploads.diffusionBalance
        ? [{ field: 'uploads.diffusionBalance', id: dto.uploads.diffusionBalance, kind: 'diffusion-balance' as const }]
        : []),
      ...(dto.uploads.adhesionDeliberation
        ? [{ field: 'uploads.adhesionDeliberation', id: dto.uploads.adhesionDeliberation, kind: 'adhesion-deliberation' as const }]
        : []),
      // Further files keep the kind declared at upload (a `report` stays a report): null here, resolved below.
      ...(dto.uploads.attachments ?? []).map((id, i) => ({ field: `uploads.attachments.${i}`, id, kind: null })),
    ];
    const problems: LocalizedInvalidParam[] = [];
    for (const [i, code] of (dto.affectedMunicipalities ?? []).entries()) {
      if (!(await this.municipalities.findByIstatCode(code))) {
        problems.push({
          name: `affectedMunicipalities.${i}`,
          rule: 'cmmMunicipality',
          reason: {
            it: `${code} non è un Comune della Città metropolitana di Milano`,
            en: `${code} is not a municipality of the Città metropolitana di Milano`,
          },
        });
      }
    }
    const found = await this.uploads.findUsable(
      named.map((n) => n.id),
      isMunicipal(principal) ? principal.istatCode : null,
    );
    problems.push(...unknownUploadProblems(named, found));
    if (problems.length > 0) throw new InvalidParamsException(problems, 422);
    return storedFilesOf(named, found);
  }
}
