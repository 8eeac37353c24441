import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import {
  FundLedger,
  FundLedgerError,
  FundReports,
  type BalanceRow,
  type LedgerTransactionView,
  type OverdueCommitmentRow,
  type PostingSource,
  SoilQuotaExchanges,
  type SoilExchangeView,
  UploadRepository,
  balancesCsv,
  overdueCommitmentsCsv,
} from '@cmm/persistence';
import { romeDateOf } from '@cmm/legal-calendar';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import { toActor } from '../procedures/procedure-workflows';
import type {
  AcceptExchangeDto,
  BuildingConferralDto,
  CommitmentsQueryDto,
  DisbursementDto,
  PaymentDto,
  PostCommitmentsDto,
  ProposeExchangeDto,
  RegisterExchangeDto,
  ReportQueryDto,
  ReversalDto,
  SoilAllocationDto,
} from './fund.dto';

/**
 * The ledger's refusals as problem details: bad data and rules of the ledger (a balance
 * below zero, a municipality that does not adhere) are 422 naming the field and the rule,
 * a wrong state 409, someone else's or unknown records 404.
 */
async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof FundLedgerError)) throw error;
    switch (error.code) {
      case 'not-found':
        throw new ProblemException(404, error.text);
      case 'forbidden':
        throw new ProblemException(403, error.text);
      case 'invalid-state':
        throw new ProblemException(409, error.text, { 'invalid-params': [{ name: error.field, rule: error.rule, reason: error.text }] });
      default:
        throw new InvalidParamsException([{ name: error.field, rule: error.rule, reason: error.text }], 422);
    }
  }
}

/** Reports without a date are as of today, the civil date in Rome whatever the server's zone. */
const romeToday = (): string => romeDateOf(Date.now());

@Injectable()
export class FundService {
  constructor(
    private readonly ledger: FundLedger,
    private readonly reports: FundReports,
    private readonly exchanges: SoilQuotaExchanges,
    private readonly uploads: UploadRepository,
  ) {}

  postCommitments(principal: Principal, dto: PostCommitmentsDto) {
    return asProblem(() =>
      this.ledger.postCommitments(
        { caseId: dto.caseId, act: dto.act, postedBy: principal.subject },
        dto.commitments.map((c) => ({
          party: c.party,
          kind: c.kind,
          legalBasis: c.legalBasis ?? null,
          amountCents: c.amountCents ?? null,
          description: c.description,
          dueDate: c.dueDate ?? null,
        })),
      ),
    );
  }

  recordPayment(principal: Principal, dto: PaymentDto) {
    return asProblem(() =>
      this.ledger.recordPayment({ ...this.source(principal, dto), commitmentId: dto.commitmentId, amountCents: dto.amountCents }),
    );
  }

  recordDisbursement(principal: Principal, dto: DisbursementDto) {
    return asProblem(() =>
      this.ledger.recordDisbursement({
        ...this.source(principal, dto),
        istatCode: dto.istatCode ?? null,
        amountCents: dto.amountCents,
        intervention: dto.intervention,
      }),
    );
  }

  async conferBuilding(principal: Principal, dto: BuildingConferralDto) {
    const found = await this.uploads.findUsable(dto.uploadIds, null);
    const missing = dto.uploadIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
    if (missing.length > 0)
      throw new InvalidParamsException(
        missing.map(({ id, i }) => ({
          name: `uploadIds.${i}`,
          rule: 'knownUpload',
          reason: { it: `${id} non è un file caricato (usare prima POST /uploads)`, en: `${id} is not an upload (POST /uploads first)` },
        })),
        422,
      );
    const documents = dto.uploadIds.map((id) => {
      const upload = found.get(id)!;
      return { uploadId: id, title: upload.title, filename: upload.filename, sha256: upload.sha256 };
    });
    return asProblem(() =>
      this.ledger.conferBuilding({
        ...this.source(principal, dto),
        istatCode: dto.istatCode,
        building: { ...dto.building, estimatedValueCents: dto.building.estimatedValueCents ?? null },
        documents,
      }),
    );
  }

  allocateSoilQuota(principal: Principal, dto: SoilAllocationDto) {
    return asProblem(() =>
      this.ledger.allocateSoilQuota({ ...this.source(principal, dto), istatCode: dto.istatCode, squareMetres: dto.squareMetres }),
    );
  }

  reverse(principal: Principal, transactionId: string, dto: ReversalDto) {
    return asProblem(() =>
      this.ledger.reverse(transactionId, {
        reason: dto.reason,
        postedBy: principal.subject,
        act: dto.act,
        protocolNumber: dto.protocolNumber ?? null,
      }),
    );
  }

  /** A municipality sees a transaction only if one of its own accounts is in it. */
  async transaction(principal: Principal, transactionId: string): Promise<LedgerTransactionView> {
    const found = await this.ledger.transaction(transactionId);
    if (!found || (isMunicipal(principal) && !found.entries.some((e) => e.istatCode === principal.istatCode))) {
      throw new ProblemException(404, { it: `movimento ${transactionId} inesistente`, en: `transaction ${transactionId} does not exist` });
    }
    return found;
  }

  async commitments(principal: Principal, query: CommitmentsQueryDto) {
    const istatCode = this.scope(principal, query.istat);
    const items = await this.ledger.commitments({ caseId: query.caseId, istatCode: istatCode ?? undefined });
    return { items: istatCode ? items.filter((c) => c.istatCode === istatCode) : items };
  }

  async balances(principal: Principal, query: ReportQueryDto): Promise<{ on: string; csv: string } | { on: string; rows: BalanceRow[] }> {
    const on = query.on ?? romeToday();
    const rows = await this.reports.balancesOn(on, this.scope(principal, query.istat) ?? undefined);
    return query.format === 'csv' ? { on, csv: balancesCsv(on, rows, query.separator) } : { on, rows };
  }

  async overdueCommitments(
    principal: Principal,
    query: ReportQueryDto,
  ): Promise<{ on: string; csv: string } | { on: string; rows: OverdueCommitmentRow[] }> {
    const on = query.on ?? romeToday();
    const rows = await this.reports.overdueCommitments(on, this.scope(principal, query.istat) ?? undefined);
    return query.format === 'csv' ? { on, csv: overdueCommitmentsCsv(on, rows, query.separator) } : { on, rows };
  }

  proposeExchange(principal: Principal, dto: ProposeExchangeDto) {
    return asProblem(() =>
      this.exchanges.propose(toActor(principal), {
        from: dto.from,
        to: dto.to,
        squareMetres: dto.squareMetres,
        act: dto.act,
        note: dto.note,
      }),
    );
  }

  acceptExchange(principal: Principal, id: string, dto: AcceptExchangeDto) {
    return asProblem(() => this.exchanges.accept(toActor(principal), id, { actReference: dto.actReference }));
  }

  declineExchange(principal: Principal, id: string, reason: string) {
    return asProblem(() => this.exchanges.decline(toActor(principal), id, reason));
  }

  withdrawExchange(principal: Principal, id: string, reason: string) {
    return asProblem(() => this.exchanges.withdraw(toActor(principal), id, reason));
  }

  registerExchange(principal: Principal, id: string, dto: RegisterExchangeDto) {
    return asProblem(() => this.exchanges.register(toActor(principal), id, { note: dto.note }));
  }

  rejectExchange(principal: Principal, id: string, reason: string) {
    return asProblem(() => this.exchanges.reject(toActor(principal), id, reason));
  }

  async exchange(principal: Principal, id: string): Promise<SoilExchangeView> {
    const found = await this.exchanges.find(id);
    if (!found || (isMunicipal(principal) && ![found.from, found.to].includes(principal.istatCode ?? '')))
      throw new ProblemException(404, { it: `scambio ${id} inesistente`, en: `exchange ${id} does not exist` });
    return found;
  }

  async exchangeList(principal: Principal) {
    return { items: await this.exchanges.list(isMunicipal(principal) ? principal.istatCode : null) };
  }

  private source(principal: Principal, dto: { act: PostingSource['act']; caseId?: string; protocolNumber?: string }): PostingSource {
    return { caseId: dto.caseId ?? null, act: dto.act, protocolNumber: dto.protocolNumber ?? null, postedBy: principal.subject };
  }

  /** A municipality reads only its own accounts: asking for another's is 404, as for cases. */
  private scope(principal: Principal, istat: string | undefined): string | null {
    if (!isMunicipal(principal)) return istat ?? null;
    if (istat && istat !== principal.istatCode)
      throw new ProblemException(404, {
        it: `nessun conto del Fondo del Comune ${istat} per questo utente`,
        en: `no fund accounts of ${istat} for this user`,
      });
    return principal.istatCode;
  }
}
