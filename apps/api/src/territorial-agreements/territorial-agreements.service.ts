import { Injectable } from '@nestjs/common';
import type { Principal } from '@cmm/auth';
import { TemporalConfig } from '@cmm/config';
import {
  type AgreementRegistration,
  TERRITORIAL_AGREEMENT_PROCEDURE,
  type FundCommitment,
  type TerritorialAgreementInput,
  type TerritorialAgreementView,
  awaitAgreementRegistrationUpdate,
  getTerritorialAgreementQuery,
  territorialAgreementWorkflowId,
} from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { signatureSummary } from '@cmm/documents';
import { CaseRepository, DocumentRepository, versionKey } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { CitedDocumentsService } from '../documents/cited-documents.service';
import { DocumentSignaturesService } from '../documents/document-signatures.service';
import { ProcedureViewsService } from '../procedures/procedure-views.service';
import { CasesService } from '../cases/cases.service';
import { idempotentCaseId } from '../procedures/idempotency-key';
import { runAction, startOnce, toActor } from '../procedures/procedure-workflows';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import type { PartyCommitmentDto } from '../fund/commitment.dto';
import type { StartAgreementDto } from './territorial-agreement.dto';

@Injectable()
export class TerritorialAgreementsService {
  constructor(
    private readonly temporal: Client,
    private readonly temporalConfig: TemporalConfig,
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly casesService: CasesService,
    private readonly citedDocuments: CitedDocumentsService,
    private readonly views: ProcedureViewsService,
    private readonly documents: DocumentRepository,
    private readonly signatures: DocumentSignaturesService,
  ) {}

  /**
   * Starts an agreement outside a conference. With an Idempotency-Key the case id derives
   * from it (and the caller), so a retried request meets the agreement it started; without
   * one a new case id is generated and each request starts a new agreement.
   */
  async start(principal: Principal, dto: StartAgreementDto): Promise<AgreementRegistration & { created: boolean }> {
    await this.checkMunicipalities(dto.municipalities);
    if (dto.parentCaseId && !(await this.cases.findVisible(null, dto.parentCaseId))) {
      throw new InvalidParamsException(
        [
          {
            name: 'parentCaseId',
            rule: 'knownCase',
            reason: { it: `${dto.parentCaseId} non è una pratica`, en: `${dto.parentCaseId} is not a case` },
          },
        ],
        422,
      );
    }
    const caseId = idempotentCaseId('cmm-territorial-agreement', principal.subject);
    const workflowId = territorialAgreementWorkflowId(caseId);
    const input: TerritorialAgreementInput = {
      caseId,
      parentCaseId: dto.parentCaseId ?? null,
      notifyWorkflowId: null,
      subject: dto.subject,
      municipalities: dto.municipalities,
      metropolitanExternalities: dto.metropolitanExternalities,
      startedBy: toActor(principal),
      startedAt: new Date().toISOString(),
    };
    const created = await startOnce(this.temporal, TERRITORIAL_AGREEMENT_PROCEDURE.workflowType, {
      taskQueue: this.temporalConfig.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [input],
    });
    try {
      return { ...(await this.temporal.workflow.getHandle(workflowId).executeUpdate(awaitAgreementRegistrationUpdate)), created };
    } catch (error) {
      // Already concluded: the registration is in the read model.
      const existing = await this.cases.findVisible(null, caseId);
      if (!existing) throw error;
      return { caseId, reference: existing.reference, partyNames: {}, created };
    }
  }

  async view(principal: Principal, caseId: string): Promise<TerritorialAgreementView> {
    await this.visible(principal, caseId);
    return this.withSigners(caseId, await this.views.view(caseId, territorialAgreementWorkflowId(caseId), getTerritorialAgreementQuery));
  }

  /**
   * Each party's signature with who signed the document, from its verified certificate: the
   * officer sees whether the mayor or a delegate signed. The newest version of the signed
   * document is the one the workflow verified when the party signed.
   */
  private async withSigners(caseId: string, view: TerritorialAgreementView): Promise<TerritorialAgreementView> {
    const cited = new Set(view.parties.flatMap((p) => (p.signature ? [p.signature.documentId] : [])));
    if (cited.size === 0) return view;
    const documents = (await this.documents.listForCase(caseId)).filter((d) => cited.has(d.id));
    const checks = await this.signatures.checksOf(documents.map((d) => ({ ...d, versions: d.versions.slice(-1) })));
    const latest = new Map(documents.map((d) => [d.id, d.versions[d.versions.length - 1]]));
    return {
      ...view,
      parties: view.parties.map((party) => {
        const version = party.signature ? latest.get(party.signature.documentId) : undefined;
        const check = version ? checks.get(versionKey(version.documentId, version.version)) : undefined;
        if (!party.signature || !check) return party;
        return {
          ...party,
          signature: {
            ...party.signature,
            signers: check.signatures.map((s) => ({ ...signatureSummary(s), reason: s.reason })),
          },
        };
      }),
    };
  }

  /** Sends an action to the agreement's workflow; refusals become 403/409/422 problem details. */
  async act<A extends object>(
    principal: Principal,
    caseId: string,
    update: UpdateDefinition<TerritorialAgreementView, [A & { actor: Actor }]>,
    args: A,
  ): Promise<TerritorialAgreementView> {
    await this.visible(principal, caseId);
    await this.citedDocuments.check(principal, caseId, update.name, args);
    const handle = this.temporal.workflow.getHandle(territorialAgreementWorkflowId(caseId));
    const view = await runAction(
      handle,
      (updateId) => handle.executeUpdate(update, { args: [{ ...args, actor: toActor(principal) }], updateId }),
      async () => {
        const found = await this.cases.findVisible(null, caseId);
        return found?.closedAt ? found.state : null;
      },
      `${update.name}/${principal.subject}`,
    );
    return this.withSigners(caseId, await this.views.withRecordedTerms(caseId, view));
  }

  toCommitments(dtos: readonly PartyCommitmentDto[]): FundCommitment[] {
    return dtos.map((c) => ({
      party: c.party,
      kind: c.kind,
      legalBasis: c.legalBasis ?? null,
      amountCents: c.amountCents ?? null,
      description: c.description,
      dueDate: c.dueDate ?? null,
    }));
  }

  private async checkMunicipalities(codes: readonly string[]): Promise<void> {
    const rows: { istat_code: string }[] = await this.dataSource.query(
      'SELECT istat_code FROM municipalities WHERE istat_code = ANY($1::char(6)[])',
      [codes],
    );
    const known = new Set(rows.map((r) => r.istat_code));
    const problems = codes
      .map((code, i) => ({ code, i }))
      .filter(({ code }) => !known.has(code))
      .map(({ code, i }) => ({
        name: `municipalities.${i}`,
        rule: 'cmmMunicipality',
        reason: {
          it: `${code} non è un Comune della Città metropolitana di Milano`,
          en: `${code} is not a municipality of the Città metropolitana di Milano`,
        },
      }));
    if (problems.length > 0) throw new InvalidParamsException(problems, 422);
  }

  private async visible(principal: Principal, caseId: string) {
    const found = await this.casesService.visibleCase(principal, caseId);
    if (found.type !== 'territorial-agreement')
      throw new ProblemException(404, {
        it: `la pratica ${caseId} non è un accordo territoriale`,
        en: `case ${caseId} is not a territorial agreement`,
      });
    return found;
  }
}
