import type { FundCommitment } from '@cmm/contracts';
import { commitmentTermsProblem } from '@cmm/domain';
import { isValidCivilDate } from '@cmm/legal-calendar';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ACCOUNT_PURPOSES,
  type AccountKey,
  type BuildingData,
  type BuildingDocument,
  type CommitmentView,
  type EntrySide,
  type FundAct,
  FundLedgerError,
  type LedgerEntryView,
  type LedgerTransactionView,
  type PostingResult,
  type PostingSource,
  SECTION_UNITS,
} from './fund-ledger.types';

interface Leg {
  account: AccountKey;
  side: EntrySide;
  amount: number;
}

interface TransactionHeader extends PostingSource {
  description: string;
  commitmentId?: string | null;
  reverses?: string | null;
  /** A natural key of the act: posting it again returns the first transaction. */
  idempotencyKey: string;
}

const opposite = (side: EntrySide): EntrySide => (side === 'debit' ? 'credit' : 'debit');
const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

function checkAct(source: PostingSource): void {
  const { act } = source;
  if (!act || !act.type?.trim())
    throw new FundLedgerError('invalid-input', 'act.type', 'required', {
      it: 'act.type: indicare il tipo di atto',
      en: 'act.type: name the kind of act',
    });
  if (!act.reference?.trim())
    throw new FundLedgerError('invalid-input', 'act.reference', 'required', {
      it: "act.reference: ogni registrazione rinvia all'atto che la origina",
      en: 'act.reference: every entry points to the act that caused it',
    });
  if (!isValidCivilDate(act.date))
    throw new FundLedgerError('invalid-input', 'act.date', 'calendarDate', {
      it: `act.date: ${act.date} non è un giorno del calendario`,
      en: `act.date: ${act.date} is not a day of the calendar`,
    });
  if (!source.caseId && !source.protocolNumber) {
    throw new FundLedgerError('invalid-input', 'protocolNumber', 'caseOrProtocol', {
      it: 'un atto esterno a una pratica deve riportare il numero di protocollo',
      en: 'an act outside a case must carry its protocol number',
    });
  }
}

function checkAmount(value: unknown, field: string): number {
  if (!isPositiveInteger(value))
    throw new FundLedgerError('invalid-input', field, 'positiveInteger', {
      it: `${field}: un numero intero maggiore di zero`,
      en: `${field}: a whole number greater than zero`,
    });
  return value;
}

/**
 * The Fund's double-entry ledger. Every posting is one transaction of balanced entries,
 * idempotent on the act that causes it. Accounts that must not go negative are locked in
 * id order before anything is written, so concurrent postings queue instead of deadlocking,
 * and are checked here (with a clear refusal) before the database checks them again at commit.
 */
export class FundLedger {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Posts the commitments an act creates (a territorial agreement in force, a registered
   * adhesion). Idempotent on (case, act): a second call returns the first posting.
   */
  async postCommitments(
    source: PostingSource,
    commitments: readonly FundCommitment[],
    tx?: EntityManager,
  ): Promise<PostingResult & { commitments: CommitmentView[] }> {
    checkAct(source);
    if (!source.caseId)
      throw new FundLedgerError('invalid-input', 'caseId', 'required', {
        it: "gli impegni derivano dall'atto di una pratica",
        en: 'commitments come from the act of a case',
      });
    commitments.forEach((c, i) => {
      const problem = commitmentTermsProblem(c);
      if (problem)
        throw new FundLedgerError('invalid-input', `commitments.${i}.${problem.field}`, problem.rule, {
          it: problem.reasonIt,
          en: problem.reason,
        });
    });
    return this.inTransaction(tx, async (m) => {
      const legs: Leg[] = [];
      for (const c of commitments) {
        if (c.amountCents === null) continue;
        const party = c.party === 'cmm' ? null : c.party;
        legs.push({ account: { istatCode: party, purpose: 'commitments' }, side: 'debit', amount: c.amountCents });
        legs.push({ account: { istatCode: null, purpose: 'pledges' }, side: 'credit', amount: c.amountCents });
      }
      const key = `commitments|${source.caseId}|${source.act.type}|${source.act.reference.trim()}|${source.act.date}`;
      const description = `Impegni al Fondo perequativo — ${source.act.reference}`;
      const posted = await this.post(m, { ...source, description, idempotencyKey: key }, legs, async (transactionId) => {
        let position = 0;
        for (const c of commitments) {
          await m.query(
            `INSERT INTO fund_commitments (id, transaction_id, position, istat_code, kind, legal_basis, amount_cents, description, due_date)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              randomUUID(),
              transactionId,
              position++,
              c.party === 'cmm' ? null : c.party,
              c.kind,
              c.legalBasis,
              c.amountCents,
              c.description,
              c.dueDate,
            ],
          );
        }
      });
      return { ...posted, commitments: await this.commitmentsOf(posted.transaction.id, m) };
    });
  }

  /** A payment received by the Fund against a commitment; never more than what is still due. */
  async recordPayment(input: PostingSource & { commitmentId: string; amountCents: number }, tx?: EntityManager): Promise<PostingResult> {
    checkAct(input);
    const amount = checkAmount(input.amountCents, 'amountCents');
    return this.inTransaction(tx, async (m) => {
      const commitment = await this.commitment(input.commitmentId, m);
      if (!commitment)
        throw new FundLedgerError('not-found', 'commitmentId', 'knownCommitment', {
          it: `impegno ${input.commitmentId} inesistente`,
          en: `commitment ${input.commitmentId} does not exist`,
        });
      if (commitment.amountCents === null)
        throw new FundLedgerError('invalid-input', 'commitmentId', 'monetaryCommitment', {
          it: "l'impegno non è una somma di denaro",
          en: 'the commitment is not an amount of money',
        });
      if (commitment.cancelled)
        throw new FundLedgerError('invalid-state', 'commitmentId', 'activeCommitment', {
          it: "l'impegno è stato annullato da una registrazione di storno",
          en: 'the commitment was cancelled by a reversing entry',
        });
      const account: AccountKey = { istatCode: commitment.istatCode, purpose: 'commitments' };
      const key = `payment|${input.commitmentId}|${input.act.reference.trim()}|${input.act.date}`;
      return this.post(
        m,
        {
          ...input,
          caseId: input.caseId ?? commitment.caseId,
          description: `Versamento — ${commitment.description}`,
          commitmentId: commitment.id,
          idempotencyKey: key,
        },
        [
          { account: { istatCode: null, purpose: 'cash' }, side: 'debit', amount },
          { account, side: 'credit', amount },
        ],
        undefined,
        // Under the commitments account's lock: what this commitment still owes.
        async () => {
          const paid = await this.paidCents(commitment.id, m);
          if (paid + amount > commitment.amountCents!) {
            throw new FundLedgerError('insufficient-balance', 'amountCents', 'notAboveOutstanding', {
              it: `su questo impegno restano dovuti solo ${commitment.amountCents! - paid} centesimi`,
              en: `only ${commitment.amountCents! - paid} cents are still due on this commitment`,
            });
          }
        },
      );
    });
  }

  /** Money out of the Fund to an intervention (of a municipality, or of CMM with istatCode null). */
  async recordDisbursement(
    input: PostingSource & { istatCode: string | null; amountCents: number; intervention: string },
    tx?: EntityManager,
  ): Promise<PostingResult> {
    checkAct(input);
    const amount = checkAmount(input.amountCents, 'amountCents');
    if (!input.intervention?.trim())
      throw new FundLedgerError('invalid-input', 'intervention', 'required', {
        it: "indicare l'intervento finanziato",
        en: 'name the intervention financed',
      });
    return this.inTransaction(tx, (m) =>
      this.post(
        m,
        {
          ...input,
          description: `Erogazione — ${input.intervention}`,
          idempotencyKey: `disbursement|${input.istatCode ?? 'cmm'}|${input.act.reference.trim()}|${input.act.date}|${input.intervention.trim()}`,
        },
        [
          { account: { istatCode: input.istatCode, purpose: 'disbursements' }, side: 'debit', amount },
          { account: { istatCode: null, purpose: 'cash' }, side: 'credit', amount },
        ],
      ),
    );
  }

  /** A building a municipality confers to the Fund's real-estate section, with its data and documents. */
  async conferBuilding(
    input: PostingSource & { istatCode: string; building: BuildingData; documents: BuildingDocument[] },
    tx?: EntityManager,
  ): Promise<PostingResult & { buildingId: string }> {
    checkAct(input);
    const b = input.building;
    for (const field of ['description', 'address', 'cadastralReference'] as const) {
      if (!b[field]?.trim())
        throw new FundLedgerError('invalid-input', `building.${field}`, 'required', {
          it: `building.${field}: obbligatorio`,
          en: `building.${field}: required`,
        });
    }
    if (!(typeof b.floorAreaM2 === 'number' && b.floorAreaM2 > 0))
      throw new FundLedgerError('invalid-input', 'building.floorAreaM2', 'positive', {
        it: 'building.floorAreaM2: deve essere maggiore di zero',
        en: 'building.floorAreaM2: greater than zero',
      });
    return this.inTransaction(tx, async (m) => {
      const buildingId = randomUUID();
      const posted = await this.post(
        m,
        {
          ...input,
          description: `Conferimento immobile — ${b.description}, ${b.address}`,
          idempotencyKey: `building|${input.istatCode}|${b.cadastralReference.trim()}|${input.act.reference.trim()}`,
        },
        [
          { account: { istatCode: null, purpose: 'buildings' }, side: 'debit', amount: 1 },
          { account: { istatCode: input.istatCode, purpose: 'buildings-conferred' }, side: 'credit', amount: 1 },
        ],
        async (transactionId) => {
          await m.query(
            `INSERT INTO fund_buildings (id, transaction_id, istat_code, description, address, cadastral_reference, floor_area_m2, estimated_value_cents, documents)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              buildingId,
              transactionId,
              input.istatCode,
              b.description,
              b.address,
              b.cadastralReference,
              b.floorAreaM2,
              b.estimatedValueCents,
              JSON.stringify(input.documents),
            ],
          );
        },
      );
      const [row] = await m.query('SELECT id FROM fund_buildings WHERE transaction_id = $1', [posted.transaction.id]);
      return { ...posted, buildingId: row.id as string };
    });
  }

  /** An act of CMM giving a municipality a soil-consumption quota (m²). */
  async allocateSoilQuota(input: PostingSource & { istatCode: string; squareMetres: number }, tx?: EntityManager): Promise<PostingResult> {
    checkAct(input);
    const amount = checkAmount(input.squareMetres, 'squareMetres');
    return this.inTransaction(tx, (m) =>
      this.post(
        m,
        {
          ...input,
          description: `Assegnazione quota di consumo di suolo — ${input.act.reference}`,
          idempotencyKey: `soil-allocation|${input.istatCode}|${input.act.reference.trim()}|${input.act.date}`,
        },
        [
          { account: { istatCode: input.istatCode, purpose: 'soil-quota' }, side: 'debit', amount },
          { account: { istatCode: null, purpose: 'soil-allocations' }, side: 'credit', amount },
        ],
      ),
    );
  }

  /** The registration of an agreed exchange: one quota moves from one municipality to the other. */
  async transferSoilQuota(
    input: PostingSource & { exchangeId: string; from: string; to: string; squareMetres: number },
    tx?: EntityManager,
  ): Promise<PostingResult> {
    checkAct(input);
    const amount = checkAmount(input.squareMetres, 'squareMetres');
    if (input.from === input.to)
      throw new FundLedgerError('invalid-input', 'to', 'otherMunicipality', {
        it: 'lo scambio avviene tra due Comuni diversi',
        en: 'an exchange is between two municipalities',
      });
    return this.inTransaction(tx, (m) =>
      this.post(
        m,
        {
          ...input,
          description: `Scambio di quote di consumo di suolo ${input.from} → ${input.to}`,
          idempotencyKey: `soil-exchange|${input.exchangeId}`,
        },
        [
          { account: { istatCode: input.to, purpose: 'soil-quota' }, side: 'debit', amount },
          { account: { istatCode: input.from, purpose: 'soil-quota' }, side: 'credit', amount },
        ],
      ),
    );
  }

  /** Corrects a transaction by its mirror image: the original stays, as the law of the ledger wants. */
  async reverse(
    transactionId: string,
    input: { reason: string; postedBy: string; act?: FundAct; protocolNumber?: string | null },
    tx?: EntityManager,
  ): Promise<PostingResult> {
    if (!input.reason?.trim())
      throw new FundLedgerError('invalid-input', 'reason', 'required', {
        it: 'reason: indicare il motivo dello storno',
        en: 'reason: say why the transaction is reversed',
      });
    return this.inTransaction(tx, async (m) => {
      const original = await this.transaction(transactionId, m);
      if (!original)
        throw new FundLedgerError('not-found', 'transactionId', 'knownTransaction', {
          it: `movimento ${transactionId} inesistente`,
          en: `transaction ${transactionId} does not exist`,
        });
      if (original.reverses)
        throw new FundLedgerError('invalid-state', 'transactionId', 'notAReversal', {
          it: "uno storno non può essere stornato a sua volta: registrare di nuovo l'atto",
          en: 'a reversing transaction is not reversed again: post the act anew',
        });
      if (original.actType === 'soil-exchange') {
        throw new FundLedgerError('invalid-state', 'transactionId', 'exchangeByAgreement', {
          it: 'uno scambio registrato si annulla con uno scambio di segno opposto, concordato da entrambi i Comuni',
          en: 'a registered exchange is undone by an opposite exchange, agreed by both municipalities',
        });
      }
      const act = input.act ?? { type: 'rettifica', reference: `Storno di ${original.act.reference}`, date: original.act.date };
      const source: PostingSource = {
        caseId: original.caseId,
        act,
        protocolNumber: input.protocolNumber ?? original.protocolNumber,
        postedBy: input.postedBy,
      };
      checkAct(source);
      return this.post(
        m,
        {
          ...source,
          description: `Storno: ${input.reason.trim()}`,
          commitmentId: original.commitmentId,
          reverses: original.id,
          idempotencyKey: `reversal|${original.id}`,
        },
        original.entries.map((e) => ({
          account: { istatCode: e.istatCode, purpose: e.purpose },
          side: opposite(e.side),
          amount: e.amount,
        })),
        undefined,
        async () => {
          // Reversing a commitment that was (partly) paid would leave payments without a debt.
          const [paid] = await m.query(
            `SELECT c.id FROM fund_commitments c JOIN fund_transactions p ON p.commitment_id = c.id AND p.reverses IS NULL
              WHERE c.transaction_id = $1 AND NOT EXISTS (SELECT 1 FROM fund_transactions r WHERE r.reverses = p.id) LIMIT 1`,
            [original.id],
          );
          if (paid)
            throw new FundLedgerError('invalid-state', 'transactionId', 'noPaymentsAgainst', {
              it: 'stornare prima i pagamenti imputati a questi impegni',
              en: 'reverse the payments against these commitments first',
            });
        },
      );
    });
  }

  async transaction(id: string, manager: EntityManager = this.dataSource.manager): Promise<LedgerTransactionView | null> {
    const [row] = await manager.query(
      `SELECT t.id, t.act_type, t.act_reference, to_char(t.act_date, 'YYYY-MM-DD') AS act_date, t.case_id, t.protocol_number, t.description,
              t.commitment_id, t.reverses, r.id AS reversed_by, t.posted_by, t.posted_at
         FROM fund_transactions t LEFT JOIN fund_transactions r ON r.reverses = t.id WHERE t.id = $1`,
      [id],
    );
    if (!row) return null;
    const entries: Record<string, unknown>[] = await manager.query(
      `SELECT a.istat_code, a.section, a.purpose, a.unit, e.side, e.amount FROM fund_entries e JOIN fund_accounts a ON a.id = e.account_id
        WHERE e.transaction_id = $1 ORDER BY e.id`,
      [id],
    );
    return {
      id: row.id,
      actType: row.act_type,
      act: { type: row.act_type, reference: row.act_reference, date: row.act_date },
      caseId: row.case_id,
      protocolNumber: row.protocol_number,
      description: row.description,
      commitmentId: row.commitment_id,
      reverses: row.reverses,
      reversedBy: row.reversed_by,
      postedBy: row.posted_by,
      postedAt: row.posted_at,
      entries: entries.map((e): LedgerEntryView => ({
        istatCode: e.istat_code as string | null,
        section: e.section as LedgerEntryView['section'],
        purpose: e.purpose as LedgerEntryView['purpose'],
        unit: e.unit as LedgerEntryView['unit'],
        side: e.side as EntrySide,
        amount: Number(e.amount),
      })),
    };
  }

  async commitment(id: string, manager: EntityManager = this.dataSource.manager): Promise<CommitmentView | null> {
    const [found] = await this.selectCommitments(manager, 'c.id = $1', [id]);
    return found ?? null;
  }

  commitmentsOf(transactionId: string, manager: EntityManager = this.dataSource.manager): Promise<CommitmentView[]> {
    return this.selectCommitments(manager, 'c.transaction_id = $1', [transactionId]);
  }

  /** Commitments of a case (e.g. an agreement) or of a municipality. */
  commitments(
    filter: { caseId?: string; istatCode?: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CommitmentView[]> {
    if (filter.caseId) return this.selectCommitments(manager, 't.case_id = $1', [filter.caseId]);
    if (filter.istatCode) return this.selectCommitments(manager, 'c.istat_code = $1', [filter.istatCode]);
    return this.selectCommitments(manager, 'true', []);
  }

  private async selectCommitments(manager: EntityManager, where: string, params: unknown[]): Promise<CommitmentView[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT c.id, c.transaction_id, c.istat_code, c.kind, c.legal_basis, c.amount_cents, c.description, to_char(c.due_date, 'YYYY-MM-DD') AS due_date,
              t.case_id, t.act_reference, EXISTS (SELECT 1 FROM fund_transactions r WHERE r.reverses = t.id) AS cancelled,
              coalesce((SELECT sum(CASE WHEN e.side = 'credit' THEN e.amount ELSE -e.amount END)
                          FROM fund_transactions p JOIN fund_entries e ON e.transaction_id = p.id JOIN fund_accounts a ON a.id = e.account_id
                         WHERE p.commitment_id = c.id AND a.purpose = 'commitments'), 0) AS paid
         FROM fund_commitments c JOIN fund_transactions t ON t.id = c.transaction_id
        WHERE ${where} ORDER BY t.posted_at, c.position`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string,
      transactionId: r.transaction_id as string,
      istatCode: r.istat_code as string | null,
      kind: r.kind as CommitmentView['kind'],
      legalBasis: r.legal_basis as string | null,
      amountCents: r.amount_cents === null ? null : Number(r.amount_cents),
      paidCents: Number(r.paid),
      description: r.description as string,
      dueDate: r.due_date as string | null,
      caseId: r.case_id as string | null,
      actReference: r.act_reference as string,
      cancelled: r.cancelled as boolean,
    }));
  }

  private async paidCents(commitmentId: string, m: EntityManager): Promise<number> {
    const [row] = await m.query(
      `SELECT coalesce(sum(CASE WHEN e.side = 'credit' THEN e.amount ELSE -e.amount END), 0) AS paid
         FROM fund_transactions p JOIN fund_entries e ON e.transaction_id = p.id JOIN fund_accounts a ON a.id = e.account_id
        WHERE p.commitment_id = $1 AND a.purpose = 'commitments'`,
      [commitmentId],
    );
    return Number(row.paid);
  }

  private inTransaction<T>(tx: EntityManager | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return tx?.queryRunner?.isTransactionActive ? work(tx) : this.dataSource.transaction(work);
  }

  /** Finds or opens an account; accounts are never removed, so the id is stable. */
  private async accountId(key: AccountKey, m: EntityManager): Promise<string> {
    const purpose = ACCOUNT_PURPOSES[key.purpose];
    const find = () =>
      m.query(
        `SELECT id FROM fund_accounts WHERE coalesce(istat_code, 'cmm') = coalesce($1::char(6), 'cmm') AND section = $2 AND purpose = $3`,
        [key.istatCode, purpose.section, key.purpose],
      ) as Promise<{ id: string }[]>;
    const [found] = await find();
    if (found) return found.id;
    await m.query(
      `INSERT INTO fund_accounts (id, istat_code, section, purpose, unit, normal_side, non_negative) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [randomUUID(), key.istatCode, purpose.section, key.purpose, SECTION_UNITS[purpose.section], purpose.normalSide, purpose.nonNegative],
    );
    const [created] = await find();
    return created.id;
  }

  /**
   * Writes one balanced transaction. Order matters for concurrency: first the locks on the
   * accounts that must not go negative (by id, so two postings never wait on each other in a
   * cycle), then the idempotency key, then the checks against the locked balances.
   */
  private async post(
    m: EntityManager,
    header: TransactionHeader,
    legs: Leg[],
    writeDetails?: (transactionId: string) => Promise<void>,
    checkUnderLock?: () => Promise<void>,
  ): Promise<PostingResult> {
    const resolved = [];
    for (const leg of legs) resolved.push({ ...leg, accountId: await this.accountId(leg.account, m) });
    const guarded = [...new Set(resolved.filter((l) => ACCOUNT_PURPOSES[l.account.purpose].nonNegative).map((l) => l.accountId))].sort();
    if (guarded.length > 0) await m.query('SELECT id FROM fund_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [guarded]);

    const [existing] = await m.query('SELECT id FROM fund_transactions WHERE idempotency_key = $1', [header.idempotencyKey]);
    if (existing) return { transaction: (await this.transaction(existing.id, m))!, created: false };

    await checkUnderLock?.();
    for (const accountId of guarded) {
      const purpose = ACCOUNT_PURPOSES[resolved.find((l) => l.accountId === accountId)!.account.purpose];
      const [{ balance }] = await m.query(
        `SELECT coalesce(sum(CASE WHEN side = $2 THEN amount ELSE -amount END), 0) AS balance FROM fund_entries WHERE account_id = $1`,
        [accountId, purpose.normalSide],
      );
      const effect = resolved
        .filter((l) => l.accountId === accountId)
        .reduce((sum, l) => sum + (l.side === purpose.normalSide ? l.amount : -l.amount), 0);
      if (Number(balance) + effect < 0) {
        const leg = resolved.find((l) => l.accountId === accountId)!;
        throw new FundLedgerError(
          'insufficient-balance',
          leg.account.purpose === 'soil-quota' ? 'squareMetres' : 'amountCents',
          'nonNegativeBalance',
          {
            it: `il conto ${leg.account.purpose} di ${leg.account.istatCode ?? 'CMM'} ha saldo ${balance}: non può scendere sotto zero`,
            en: `the ${leg.account.purpose} account of ${leg.account.istatCode ?? 'CMM'} holds ${balance}: it cannot go below zero`,
          },
        );
      }
    }

    const id = randomUUID();
    const inserted = await m.query(
      `INSERT INTO fund_transactions (id, act_type, act_reference, act_date, case_id, protocol_number, description, commitment_id, reverses, idempotency_key, posted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        id,
        header.act.type,
        header.act.reference.trim(),
        header.act.date,
        header.caseId,
        header.protocolNumber ?? null,
        header.description,
        header.commitmentId ?? null,
        header.reverses ?? null,
        header.idempotencyKey,
        header.postedBy,
      ],
    );
    if (inserted.length === 0) {
      // A concurrent posting of the same act committed first (unguarded accounts take no lock).
      const [first] = await m.query('SELECT id FROM fund_transactions WHERE idempotency_key = $1', [header.idempotencyKey]);
      return { transaction: (await this.transaction(first.id, m))!, created: false };
    }
    for (const leg of resolved) {
      await m.query('INSERT INTO fund_entries (transaction_id, account_id, side, amount) VALUES ($1, $2, $3, $4)', [
        id,
        leg.accountId,
        leg.side,
        leg.amount,
      ]);
    }
    await writeDetails?.(id);
    return { transaction: (await this.transaction(id, m))!, created: true };
  }
}
