import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import { TemporalConfig } from '@cmm/config';
import {
  ANNUAL_CALL_PROCEDURE,
  type AnnualCallInput,
  type AnnualCallView,
  type CallRegistration,
  type ProposalFile,
  type ProposalReceipt,
  annualCallWorkflowId,
  amendProposalUpdate,
  awaitCallRegistrationUpdate,
  getAnnualCallQuery,
  submitProposalUpdate,
} from '@cmm/contracts';
import { type Actor, caseStateLabel, checkProposalSubmission, criteriaForCall, defaultCallCriteria } from '@cmm/domain';
import { AnnualCallRepository, CaseRepository, UploadRepository } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { CasesService } from '../cases/cases.service';
import { refusalProblem, runAction, startOnce, toActor } from '../procedures/procedure-workflows';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import { unknownUploadProblems } from '../uploads/cited-uploads';
import type { AmendProposalDto, CallListDto, StartAnnualCallDto, SubmitProposalDto } from './annual-call.dto';

type CallView = AnnualCallView & { caseId: string; reference: string; year: number };

/** Proposals of calls that ran before corrections existed carry no list of them: none were made. */
const withAmendments = (view: CallView): CallView => ({
  ...view,
  proposals: view.proposals.map((p) => ({ ...p, amendments: p.amendments ?? [] })),
});

const notACall = (caseId: string) => ({ it: `la pratica ${caseId} non è un avviso annuale`, en: `case ${caseId} is not an annual call` });

@Injectable()
export class AnnualCallsService {
  constructor(
    private readonly temporal: Client,
    private readonly temporalConfig: TemporalConfig,
    private readonly cases: CaseRepository,
    private readonly calls: AnnualCallRepository,
    private readonly uploads: UploadRepository,
    private readonly casesService: CasesService,
  ) {}

  /**
   * Opens a year's call by hand, or finds it: one call per year, whether the Schedule or an
   * officer started it first.
   */
  async start(principal: Principal, dto: StartAnnualCallDto): Promise<CallRegistration & { created: boolean }> {
    // Weights are checked before anything starts: a call never opens with weights it cannot rank by.
    const criteria = criteriaForCall(defaultCallCriteria(), dto.weights ?? null);
    if ('code' in criteria) {
      const [field] = criteria.message.split(':');
      throw new InvalidParamsException([{ name: field, rule: 'callWeights', reason: criteria.text ?? criteria.message }], 422);
    }
    const existing = await this.calls.forYear(dto.year);
    if (existing) return { ...(await this.registration(existing.workflowId)), created: false };
    const workflowId = annualCallWorkflowId(dto.year);
    const input: AnnualCallInput = { year: dto.year, weights: dto.weights ?? null, startedBy: toActor(principal) };
    const started = await startOnce(this.temporal, ANNUAL_CALL_PROCEDURE.workflowType, {
      taskQueue: this.temporalConfig.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [input],
    });
    try {
      const registration = await this.registration(workflowId);
      if (!registration.duplicate) return { ...registration, created: started };
    } catch (error) {
      // A run that found the year already open stops at once, maybe before this Update reached it.
      if (!(await this.calls.forYear(dto.year))) throw error;
    }
    // The Schedule opened the same year meanwhile: the call is the Schedule's.
    const owner = (await this.calls.forYear(dto.year)) as NonNullable<Awaited<ReturnType<AnnualCallRepository['forYear']>>>;
    return { ...(await this.registration(owner.workflowId)), created: false };
  }

  /** A municipality submits to the year's open call; the answer carries the inbound protocol number. */
  async submit(principal: Principal, dto: SubmitProposalDto): Promise<ProposalReceipt & { caseId: string }> {
    // The proposal's own rules (libs/domain), before anything is looked up; the workflow checks them again with the window.
    const refused = checkProposalSubmission(dto);
    if (refused) throw refusalProblem(refused);
    const call = await this.calls.forYear(dto.year);
    if (!call) throw new ProblemException(404, { it: `nessun avviso annuale per il ${dto.year}`, en: `no annual call for ${dto.year}` });
    const files = await this.storedFiles(principal, dto.uploadIds);
    const handle = this.temporal.workflow.getHandle(call.workflowId);
    const receipt = await runAction(
      handle,
      (updateId) =>
        handle.executeUpdate(submitProposalUpdate, {
          updateId,
          args: [
            {
              actor: toActor(principal),
              proposal: {
                kind: dto.kind,
                title: dto.title,
                description: dto.description,
                costCents: dto.costCents,
                cofinancingCents: dto.cofinancingCents,
                location: dto.location,
                sttm: dto.sttm,
              },
              files,
            },
          ],
        }),
      () => this.closedState(call.caseId),
      `${submitProposalUpdate.name}/${principal.subject}`,
    );
    return { ...receipt, caseId: call.caseId };
  }

  /** The calls a user may read: a municipality those it was notified of or proposed to. */
  async list(principal: Principal): Promise<CallListDto> {
    const rows = await this.calls.list(isMunicipal(principal) ? principal.istatCode : null);
    return {
      items: rows.map((r) => ({
        ...r,
        stateLabel: caseStateLabel('annual-call', r.state),
        openedAt: r.openedAt.toISOString(),
        closedAt: r.closedAt?.toISOString() ?? null,
      })),
    };
  }

  /** The call; a municipality sees only its own proposals. */
  async view(principal: Principal, caseId: string): Promise<CallView> {
    return this.forReader(principal, await this.query(caseId));
  }

  /**
   * The municipality corrects its own proposal while the window is open; another municipality's
   * proposal is 404, as when reading it. The answer is the call as this municipality sees it.
   */
  async amend(principal: Principal, caseId: string, proposalId: string, dto: AmendProposalDto): Promise<CallView> {
    const refused = checkProposalSubmission(dto);
    if (refused) throw refusalProblem(refused);
    const call = await this.call(principal, caseId);
    await this.proposal(principal, caseId, proposalId);
    const files = await this.storedFiles(principal, dto.uploadIds);
    const { kind, title, description, costCents, cofinancingCents, location, sttm } = dto;
    const handle = this.temporal.workflow.getHandle(call.workflowId);
    const view = await runAction(
      handle,
      (updateId) =>
        handle.executeUpdate(amendProposalUpdate, {
          updateId,
          args: [
            {
              actor: toActor(principal),
              proposalId,
              proposal: { kind, title, description, costCents, cofinancingCents, location, sttm },
              files,
            },
          ],
        }),
      () => this.closedState(caseId),
      `${amendProposalUpdate.name}/${principal.subject}`,
    );
    return this.forReader(principal, withAmendments(view as CallView));
  }

  /** One proposal: another municipality's is 404, like another municipality's case. */
  async proposal(principal: Principal, caseId: string, proposalId: string) {
    const view = await this.query(caseId);
    const found = view.proposals.find((p) => p.id === proposalId);
    if (!found || (isMunicipal(principal) && found.istatCode !== principal.istatCode))
      throw new ProblemException(404, { it: `proposta ${proposalId} non trovata`, en: `proposal ${proposalId} not found` });
    return found;
  }

  async ranking(principal: Principal, caseId: string) {
    const view = await this.query(caseId);
    if (!view.ranking)
      throw new ProblemException(404, {
        it: `la graduatoria dell'avviso ${view.year} non è ancora pubblicata`,
        en: `the ranking of the ${view.year} call is not published yet`,
      });
    return {
      caseId,
      year: view.year,
      ranking: view.ranking,
      tieBreak: view.criteria?.tieBreak ?? [],
      documentId: view.rankingDocumentId,
      protocolNumber: view.rankingProtocolNumber,
    };
  }

  /** Sends an officer's or manager's action to the call; refusals become 403/409/422. */
  async act<A extends object>(
    principal: Principal,
    caseId: string,
    update: UpdateDefinition<AnnualCallView, [A & { actor: Actor }]>,
    args: A,
  ): Promise<AnnualCallView> {
    const call = await this.call(principal, caseId);
    const handle = this.temporal.workflow.getHandle(call.workflowId);
    return runAction(
      handle,
      (updateId) => handle.executeUpdate(update, { args: [{ ...args, actor: toActor(principal) }], updateId }),
      () => this.closedState(caseId),
      `${update.name}/${principal.subject}`,
    );
  }

  private async query(caseId: string): Promise<CallView> {
    const call = await this.calls.forCase(caseId);
    if (!call) throw new ProblemException(404, notACall(caseId));
    return withAmendments((await this.temporal.workflow.getHandle(call.workflowId).query(getAnnualCallQuery)) as CallView);
  }

  private forReader(principal: Principal, view: CallView): CallView {
    return isMunicipal(principal) ? { ...view, proposals: view.proposals.filter((p) => p.istatCode === principal.istatCode) } : view;
  }

  private async call(principal: Principal, caseId: string) {
    await this.casesService.visibleCase(principal, caseId);
    const call = await this.calls.forCase(caseId);
    if (!call) throw new ProblemException(404, notACall(caseId));
    return call;
  }

  /** The call's registration; from its last state when the workflow has already closed (Updates need a running one). */
  private async registration(workflowId: string): Promise<CallRegistration> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      return await handle.executeUpdate(awaitCallRegistrationUpdate);
    } catch (error) {
      const view = await handle.query(getAnnualCallQuery).catch(() => null);
      if (!view?.caseId || !view.reference || view.year === null || !view.criteria || view.state === 'duplicate') throw error;
      return {
        caseId: view.caseId,
        reference: view.reference,
        year: view.year,
        protocolNumber: view.noticeProtocolNumber ?? '',
        noticeDocumentId: view.noticeDocumentId ?? '',
        criteria: view.criteria,
        publishedAt: view.publishedAt ?? '',
        workflowId,
        duplicate: false,
      };
    }
  }

  private async closedState(caseId: string): Promise<string | null> {
    const found = await this.cases.findVisible(null, caseId);
    return found?.closedAt ? found.state : null;
  }

  /** The uploads a proposal names: the municipality's own, complete. */
  private async storedFiles(principal: Principal, ids: string[]): Promise<ProposalFile[]> {
    const found = await this.uploads.findUsable(ids, principal.istatCode);
    const problems = unknownUploadProblems(
      ids.map((id, i) => ({ field: `uploadIds.${i}`, id, kind: null })),
      found,
    );
    if (problems.length > 0) throw new InvalidParamsException(problems, 422);
    return ids.map((id) => {
      const { title, sha256, sizeBytes, contentType, filename, storageKey } = found.get(id)!;
      return { title, sha256, sizeBytes, contentType, filename, storageKey };
    });
  }
}
