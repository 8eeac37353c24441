import { Injectable } from '@nestjs/common';
import type { Principal } from '@cmm/auth';
import { TemporalConfig } from '@cmm/config';
import {
  ADHESION_PROCEDURE,
  type AdhesionInput,
  type AdhesionView,
  type FundCommitment,
  type StoredFile,
  type SubmissionReceipt,
  adhesionWorkflowId,
  awaitAdhesionReceiptUpdate,
  getAdhesionQuery,
} from '@cmm/contracts';
import { type Actor, checkAdhesionSubmission } from '@cmm/domain';
import { CaseRepository, RegistryRepository, UploadRepository, nameBasedUuid } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { CitedDocumentsService } from '../documents/cited-documents.service';
import { ProcedureViewsService } from '../procedures/procedure-views.service';
import { CasesService } from '../cases/cases.service';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import { type CitedUpload, storedFilesOf, unknownUploadProblems } from '../uploads/cited-uploads';
import { refusalProblem, romeToday, runAction, startOnce, toActor } from '../procedures/procedure-workflows';
import type { SubmitAdhesionDto } from './adhesion.dto';

@Injectable()
export class AdhesionsService {
  constructor(
    private readonly temporal: Client,
    private readonly temporalConfig: TemporalConfig,
    private readonly uploads: UploadRepository,
    private readonly cases: CaseRepository,
    private readonly registry: RegistryRepository,
    private readonly casesService: CasesService,
    private readonly citedDocuments: CitedDocumentsService,
    private readonly views: ProcedureViewsService,
  ) {}

  /**
   * Starts the adhesion, or finds the one already started for the same deliberation: the case
   * id comes from the business key (municipality, deliberation number and date), so a repeated
   * submission gets the first case's receipt instead of a second case.
   */
  async submit(principal: Principal, dto: SubmitAdhesionDto): Promise<SubmissionReceipt & { created: boolean }> {
    const istatCode = principal.istatCode as string;
    const receivedAt = new Date().toISOString();
    // The adhesion's own rules (libs/domain), before anything is looked up or started.
    const refused = checkAdhesionSubmission(dto, romeToday(receivedAt));
    if (refused) throw refusalProblem(refused);
    const files = await this.storedFiles(principal, dto);
    const businessKey = [istatCode, dto.deliberation.number.toUpperCase(), dto.deliberation.date].join('|');
    const caseId = nameBasedUuid('cmm-adhesion', businessKey);
    const workflowId = adhesionWorkflowId(caseId);
    const commitments: FundCommitment[] = (dto.commitments ?? []).map((c) => ({
      party: istatCode,
      kind: c.kind,
      legalBasis: c.legalBasis ?? null,
      amountCents: c.amountCents ?? null,
      description: c.description,
      dueDate: c.dueDate ?? null,
    }));
    const input: AdhesionInput = {
      caseId,
      istatCode,
      deliberation: { number: dto.deliberation.number, date: dto.deliberation.date },
      sttm: [...dto.sttm].sort(),
      adhesionCase: dto.adhesionCase,
      fund: dto.fund ?? true,
      commitments,
      files,
      submittedBy: toActor(principal),
      receivedAt,
      businessKey,
    };
    const created = await startOnce(this.temporal, ADHESION_PROCEDURE.workflowType, {
      taskQueue: this.temporalConfig.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [input],
    });
    return { ...(await this.receipt(caseId, workflowId)), created };
  }

  async view(principal: Principal, caseId: string): Promise<AdhesionView> {
    await this.visible(principal, caseId);
    return this.views.view(caseId, adhesionWorkflowId(caseId), getAdhesionQuery);
  }

  /** Sends an action to the case's workflow; refusals become 403/409/422 problem details. */
  async act<A extends object>(
    principal: Principal,
    caseId: string,
    update: UpdateDefinition<AdhesionView, [A & { actor: Actor }]>,
    args: A,
  ): Promise<AdhesionView> {
    await this.visible(principal, caseId);
    await this.citedDocuments.check(principal, caseId, update.name, args);
    const handle = this.temporal.workflow.getHandle(adhesionWorkflowId(caseId));
    const view = await runAction(
      handle,
      (updateId) => handle.executeUpdate(update, { args: [{ ...args, actor: toActor(principal) }], updateId }),
      async () => {
        const found = await this.cases.findVisible(null, caseId);
        return found?.closedAt ? found.state : null;
      },
      `${update.name}/${principal.subject}`,
    );
    return this.views.withRecordedTerms(caseId, view);
  }

  private async visible(principal: Principal, caseId: string) {
    const found = await this.casesService.visibleCase(principal, caseId);
    if (found.type !== ADHESION_PROCEDURE.type)
      throw new ProblemException(404, { it: `la pratica ${caseId} non è un'adesione`, en: `case ${caseId} is not an adhesion` });
    return found;
  }

  private async receipt(caseId: string, workflowId: string): Promise<SubmissionReceipt> {
    try {
      return await this.temporal.workflow.getHandle(workflowId).executeUpdate(awaitAdhesionReceiptUpdate);
    } catch (error) {
      // The first submission's workflow has already closed: its receipt is in the read model.
      const existing = await this.cases.findVisible(null, caseId);
      const [entry] = existing ? await this.registry.forCase(caseId, 'in') : [];
      if (!existing || !entry) throw error;
      return { caseId, reference: existing.reference, protocolNumber: entry.protocolNumber, receivedAt: existing.openedAt.toISOString() };
    }
  }

  /** The uploads the submission names, which must be the caller's own and complete. */
  private async storedFiles(principal: Principal, dto: SubmitAdhesionDto): Promise<StoredFile[]> {
    const named: CitedUpload[] = [
      { field: 'uploads.deliberation', id: dto.uploads.deliberation, kind: 'adhesion-deliberation' },
      // Further files keep the kind declared at upload (a `report` stays a report): null here, resolved below.
      ...(dto.uploads.attachments ?? []).map((id, i) => ({ field: `uploads.attachments.${i}`, id, kind: null })),
    ];
    const found = await this.uploads.findUsable(
      named.map((n) => n.id),
      principal.istatCode,
    );
    const problems = unknownUploadProblems(named, found);
    if (problems.length > 0) throw new InvalidParamsException(problems, 422);
    return storedFilesOf(named, found);
  }
}
