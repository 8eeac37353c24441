// The Fund ledger on real PostgreSQL: the invariants hold in the database itself (a raw
// unbalanced insert, an UPDATE, a DELETE are refused), reversals mirror, reports read at a
// date, and concurrent exchanges and payments over several connections never break a balance.
import type { FundCommitment } from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { createTestDatabase, openTestCase, type TestDatabase } from '@cmm/test-support';
import { randomUUID } from 'node:crypto';
import { AdhesionRepository } from '../repositories/adhesion.repository';
import { balancesCsv, overdueCommitmentsCsv } from './fund-csv';
import { FundLedger } from './fund-ledger';
import { FundLedgerError } from './fund-ledger.types';
import { FundReports } from './fund-reports';
import { SoilQuotaExchanges } from './soil-quota-exchanges';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';
const RHO = '015182';
const LEGNANO = '015118';
const officer: Actor = { subject: 'officer-1', name: 'Funzionaria', email: null, role: 'officer', istatCode: null };
const comune = (istatCode: string): Actor => ({
  subject: `ut-${istatCode}`,
  name: 'Ufficio tecnico',
  email: null,
  role: 'comune',
  istatCode,
});
const decree = (n: number, date = '2026-03-01') => ({
  caseId: null,
  act: { type: 'decreto-dirigenziale', reference: `Decreto dirigenziale n. ${n}/2026`, date },
  protocolNumber: `2026/${String(n).padStart(7, '0')}`,
  postedBy: 'officer-1',
});
const contribution = (party: string, amountCents: number, dueDate: string | null): FundCommitment => ({
  party,
  kind: 'fund-contribution',
  legalBasis: 'LR 12/2005 art. 43 c.2-bis',
  amountCents,
  description: `Quota di contributo di ${party}`,
  dueDate,
});

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FundLedgerError);
  return error as FundLedgerError;
};

describe('Fund ledger on PostgreSQL', () => {
  let db: TestDatabase;
  let ledger: FundLedger;
  let reports: FundReports;
  let agreementCaseId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = new FundLedger(db.dataSource);
    reports = new FundReports(db.dataSource);
    for (const istatCode of [MILANO, ABBIATEGRASSO, RHO, LEGNANO]) await openTestCase(db.dataSource, { istatCode });
    agreementCaseId = (await openTestCase(db.dataSource, { istatCode: MILANO, type: 'territorial-agreement' })).id;
  });

  afterAll(() => db?.drop());

  /** Every transaction balances per unit; computed straight from the tables. */
  const unbalancedTransactions = async (): Promise<unknown[]> =>
    db.dataSource.query(
      `SELECT e.transaction_id, a.unit FROM fund_entries e JOIN fund_accounts a ON a.id = e.account_id
        GROUP BY e.transaction_id, a.unit HAVING sum(CASE WHEN e.side = 'debit' THEN e.amount ELSE -e.amount END) <> 0`,
    );
  const negativeGuardedAccounts = async (): Promise<unknown[]> =>
    db.dataSource.query(
      `SELECT a.id FROM fund_accounts a JOIN fund_entries e ON e.account_id = a.id WHERE a.non_negative
        GROUP BY a.id HAVING sum(CASE WHEN e.side = a.normal_side THEN e.amount ELSE -e.amount END) < 0`,
    );
  const balance = async (istatCode: string | null, purpose: string, on = '2099-12-31') =>
    (await reports.balancesOn(on, istatCode ?? undefined)).find((r) => r.istatCode === istatCode && r.purpose === purpose)?.balance ?? 0;

  it('posts the commitments of an act once, however often it is asked', async () => {
    const source = {
      caseId: agreementCaseId,
      act: { type: 'territorial-agreement', reference: 'Accordo territoriale Milano-Rho', date: '2026-02-10' },
      postedBy: 'system:workflow',
    };
    const commitments = [
      contribution(MILANO, 500_000, '2026-06-30'),
      contribution(RHO, 200_000, null),
      {
        ...contribution(RHO, 0, null),
        kind: 'obligation' as const,
        legalBasis: null,
        amountCents: null,
        description: 'Piantumazione di una fascia boscata',
      },
    ];
    const [first, second] = await Promise.all([ledger.postCommitments(source, commitments), ledger.postCommitments(source, commitments)]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(second.transaction.id).toBe(first.transaction.id);
    expect(first.commitments.map((c) => [c.istatCode, c.amountCents])).toEqual([
      [MILANO, 500_000],
      [RHO, 200_000],
      [RHO, null],
    ]);
    expect(first.transaction.entries).toHaveLength(4);
    expect(await ledger.commitments({ caseId: agreementCaseId })).toHaveLength(3);
    expect(await balance(MILANO, 'commitments')).toBe(500_000);
    expect(await balance(null, 'pledges')).toBe(700_000);
  });

  it('refuses, in the database itself, an unbalanced transaction, an update and a delete', async () => {
    const [account] = await db.dataSource.query(`SELECT id FROM fund_accounts WHERE purpose = 'pledges'`);
    const id = randomUUID();
    const unbalanced = db.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO fund_transactions (id, act_type, act_reference, act_date, protocol_number, description, idempotency_key, posted_by)
                      VALUES ($1::uuid, 'test', 'Atto', '2026-01-01', '2026/0000001', 'x', $1::text, 'test')`,
        [id],
      );
      await tx.query(`INSERT INTO fund_entries (transaction_id, account_id, side, amount) VALUES ($1, $2, 'credit', 100)`, [
        id,
        account.id,
      ]);
    });
    await expect(unbalanced).rejects.toThrow(/does not balance/);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM fund_transactions WHERE id = $1', [id]);
    expect(count).toBe(0);
    await expect(db.dataSource.query('UPDATE fund_entries SET amount = amount + 1')).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query('DELETE FROM fund_transactions')).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query('UPDATE fund_commitments SET amount_cents = 1')).rejects.toThrow(/append-only/);
  });

  it('refuses, in the database itself, a soil quota below zero even when the code is bypassed', async () => {
    await ledger.allocateSoilQuota({ ...decree(1), istatCode: LEGNANO, squareMetres: 100 });
    const [quota] = await db.dataSource.query(`SELECT id FROM fund_accounts WHERE istat_code = $1 AND purpose = 'soil-quota'`, [LEGNANO]);
    const [other] = await db.dataSource.query(`SELECT id FROM fund_accounts WHERE istat_code IS NULL AND purpose = 'soil-allocations'`);
    const id = randomUUID();
    const overdraw = db.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO fund_transactions (id, act_type, act_reference, act_date, protocol_number, description, idempotency_key, posted_by)
                      VALUES ($1::uuid, 'test', 'Atto', '2026-01-01', '2026/0000002', 'x', $1::text, 'test')`,
        [id],
      );
      await tx.query(
        `INSERT INTO fund_entries (transaction_id, account_id, side, amount) VALUES ($1, $2, 'credit', 101), ($1, $3, 'debit', 101)`,
        [id, quota.id, other.id],
      );
    });
    await expect(overdraw).rejects.toThrow(/would go negative/);
    expect(await balance(LEGNANO, 'soil-quota')).toBe(100);
  });

  it('takes payments up to what is due, refuses more, and reverses a payment with a mirror transaction', async () => {
    const [milano] = await ledger.commitments({ istatCode: MILANO });
    const paid = await ledger.recordPayment({ ...decree(10, '2026-04-01'), commitmentId: milano.id, amountCents: 300_000 });
    expect(paid.created).toBe(true);
    expect((await ledger.recordPayment({ ...decree(10, '2026-04-01'), commitmentId: milano.id, amountCents: 300_000 })).created).toBe(
      false,
    );
    const tooMuch = await refusal(ledger.recordPayment({ ...decree(11), commitmentId: milano.id, amountCents: 200_001 }));
    expect(tooMuch).toMatchObject({ code: 'insufficient-balance', field: 'amountCents', rule: 'notAboveOutstanding' });
    expect(await balance(null, 'cash')).toBe(300_000);
    // What the agreement asks on a commitment's due date, by the commitment's position in it.
    expect(await reports.commitmentSettlement(agreementCaseId, 0)).toEqual({ amountCents: 500_000, paidCents: 300_000 });
    expect(await reports.commitmentSettlement(agreementCaseId, 2)).toEqual({ amountCents: null, paidCents: 0 });
    expect(await reports.commitmentSettlement(agreementCaseId, 9)).toBeNull();

    const reversal = await ledger.reverse(paid.transaction.id, {
      reason: 'Versamento imputato al Comune sbagliato',
      postedBy: 'officer-1',
    });
    expect(reversal.transaction.reverses).toBe(paid.transaction.id);
    expect(reversal.transaction.entries.map((e) => e.side)).toEqual(
      paid.transaction.entries.map((e) => (e.side === 'debit' ? 'credit' : 'debit')),
    );
    expect((await ledger.transaction(paid.transaction.id))?.reversedBy).toBe(reversal.transaction.id);
    expect(await balance(null, 'cash')).toBe(0);
    expect((await ledger.commitment(milano.id))?.paidCents).toBe(0);
    expect(await reports.commitmentSettlement(agreementCaseId, 0)).toEqual({ amountCents: 500_000, paidCents: 0 });
    expect(await refusal(ledger.reverse(reversal.transaction.id, { reason: 'di nuovo', postedBy: 'officer-1' }))).toMatchObject({
      rule: 'notAReversal',
    });
    expect((await ledger.reverse(paid.transaction.id, { reason: 'doppio clic', postedBy: 'officer-1' })).created).toBe(false);
  });

  it('disburses only what the Fund holds, confers buildings with their data, and refuses an act without a reference', async () => {
    const [milano] = await ledger.commitments({ istatCode: MILANO });
    await ledger.recordPayment({ ...decree(20, '2026-05-01'), commitmentId: milano.id, amountCents: 100_000 });
    const over = await refusal(
      ledger.recordDisbursement({ ...decree(21), istatCode: RHO, amountCents: 100_001, intervention: 'Riqualificazione piazza' }),
    );
    expect(over).toMatchObject({ code: 'insufficient-balance', rule: 'nonNegativeBalance' });
    await ledger.recordDisbursement({
      ...decree(21, '2026-05-10'),
      istatCode: RHO,
      amountCents: 40_000,
      intervention: 'Riqualificazione piazza',
    });
    expect(await balance(RHO, 'disbursements')).toBe(40_000);

    const building = await ledger.conferBuilding({
      ...decree(22, '2026-05-15'),
      istatCode: ABBIATEGRASSO,
      building: {
        description: 'Ex scuola elementare',
        address: 'Via Roma 1, Abbiategrasso',
        cadastralReference: 'F. 12 mapp. 345',
        floorAreaM2: 820.5,
        estimatedValueCents: 95_000_000,
      },
      documents: [{ uploadId: null, title: 'Perizia di stima', filename: 'perizia.pdf', sha256: 'a'.repeat(64) }],
    });
    const [row] = await db.dataSource.query('SELECT address, floor_area_m2, documents FROM fund_buildings WHERE id = $1', [
      building.buildingId,
    ]);
    expect(row).toEqual({
      address: 'Via Roma 1, Abbiategrasso',
      floor_area_m2: '820.50',
      documents: [{ uploadId: null, title: 'Perizia di stima', filename: 'perizia.pdf', sha256: 'a'.repeat(64) }],
    });
    expect(await balance(ABBIATEGRASSO, 'buildings-conferred')).toBe(1);
    expect(await balance(null, 'buildings')).toBe(1);

    const noReference = await refusal(
      ledger.allocateSoilQuota({
        ...decree(23),
        act: { type: 'decreto', reference: ' ', date: '2026-01-01' },
        istatCode: RHO,
        squareMetres: 5,
      }),
    );
    expect(noReference).toMatchObject({ code: 'invalid-input', field: 'act.reference' });
    const noAct = await refusal(ledger.allocateSoilQuota({ ...decree(24), protocolNumber: null, istatCode: RHO, squareMetres: 5 }));
    expect(noAct).toMatchObject({ field: 'protocolNumber', rule: 'caseOrProtocol' });
  });

  it('reports balances at a date by the value date of the acts, and overdue commitments', async () => {
    expect(await balance(null, 'cash', '2026-03-31')).toBe(0);
    expect(await balance(null, 'cash', '2026-05-01')).toBe(100_000);
    expect(await balance(null, 'cash', '2026-05-10')).toBe(60_000);
    expect(await balance(RHO, 'disbursements', '2026-05-09')).toBe(0);

    // Milano's 5,000.00 € were due on 30 June: 1,000.00 € paid.
    expect(await reports.overdueCommitments('2026-06-30')).toEqual([]);
    const overdue = await reports.overdueCommitments('2026-07-01');
    expect(overdue).toEqual([
      expect.objectContaining({
        istatCode: MILANO,
        municipality: 'Milano',
        amountCents: 500_000,
        paidCents: 100_000,
        outstandingCents: 400_000,
        dueDate: '2026-06-30',
      }),
    ]);
    expect(await reports.overdueCommitments('2026-07-01', RHO)).toEqual([]);

    // Default: Italian Excel, `;` and the decimal comma, UTF-8 with a BOM like the registry's files.
    const csv = overdueCommitmentsCsv('2026-07-01', overdue);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Data;Codice ISTAT;Comune;Tipo di impegno;Base normativa;Descrizione;Scadenza;Importo (EUR);Versato (EUR);Da versare (EUR);Atto',
    );
    expect(lines[1]).toBe(
      '01/07/2026;015146;Milano;contributo al Fondo;LR 12/2005 art. 43 c.2-bis;Quota di contributo di 015146;30/06/2026;5000,00;1000,00;4000,00;Accordo territoriale Milano-Rho',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    const comma = overdueCommitmentsCsv('2026-07-01', overdue, 'comma').slice(1).split('\r\n');
    expect(comma[1]).toBe(
      '01/07/2026,015146,Milano,contributo al Fondo,LR 12/2005 art. 43 c.2-bis,Quota di contributo di 015146,30/06/2026,5000.00,1000.00,4000.00,Accordo territoriale Milano-Rho',
    );
    const balances = balancesCsv('2026-12-31', await reports.balancesOn('2026-12-31'));
    expect(balances.slice(1).split('\r\n')).toContain(
      '31/12/2026;CMM;Città metropolitana di Milano;finanziaria;disponibilità del Fondo;EUR;600,00',
    );
  });

  describe('soil-quota exchanges', () => {
    let exchanges: SoilQuotaExchanges;
    let adhesions: AdhesionRepository;

    beforeAll(async () => {
      exchanges = new SoilQuotaExchanges(db.dataSource);
      adhesions = new AdhesionRepository(db.dataSource);
      for (const istatCode of [MILANO, ABBIATEGRASSO]) {
        const kase = await openTestCase(db.dataSource, { istatCode, type: 'adhesion' });
        await adhesions.record({
          id: kase.id,
          caseId: kase.id,
          istatCode,
          sttm: [1, 2],
          adhesionCase: 'd',
          fund: true,
          deliberation: { number: '7', date: '2026-01-15' },
          effectiveFrom: '2026-01-20',
          registeredBy: 'officer-1',
        });
      }
      await ledger.allocateSoilQuota({ ...decree(30, '2026-02-01'), istatCode: MILANO, squareMetres: 10_000 });
    });

    let deliberations = 0;
    const propose = (from: string, to: string, squareMetres: number, by = from) =>
      exchanges.propose(comune(by), {
        from,
        to,
        squareMetres,
        act: { reference: `Delibera di Giunta n. ${++deliberations}/2026`, date: '2026-03-01' },
      });

    it('moves quota only when proposed, accepted by the other and registered by CMM', async () => {
      const proposed = await propose(MILANO, ABBIATEGRASSO, 1_500);
      expect(await refusal(exchanges.accept(comune(MILANO), proposed.id, { actReference: 'x' }))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(exchanges.register(officer, proposed.id))).toMatchObject({ code: 'invalid-state' });
      expect(await refusal(exchanges.accept(comune(RHO), proposed.id, { actReference: 'x' }))).toMatchObject({ code: 'not-found' });
      await exchanges.accept(comune(ABBIATEGRASSO), proposed.id, { actReference: 'Delibera di Giunta n. 88/2026' });
      const registered = await exchanges.register(officer, proposed.id);
      expect(registered).toMatchObject({ state: 'registered', protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/) });
      const transaction = await ledger.transaction(registered.transactionId!);
      expect(transaction).toMatchObject({ actType: 'soil-exchange', protocolNumber: registered.protocolNumber });
      expect(await balance(MILANO, 'soil-quota')).toBe(8_500);
      expect(await balance(ABBIATEGRASSO, 'soil-quota')).toBe(1_500);
      expect(await refusal(ledger.reverse(transaction!.id, { reason: 'x', postedBy: 'officer-1' }))).toMatchObject({
        rule: 'exchangeByAgreement',
      });
    });

    it('refuses a municipality that does not adhere, naming it and the rule', async () => {
      const error = await refusal(propose(MILANO, RHO, 10));
      expect(error).toMatchObject({ code: 'not-adhering', field: 'to', rule: 'adheringToFund' });
      expect(error.message).toContain(RHO);
      const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM fund_soil_exchanges WHERE to_istat = $1', [RHO]);
      expect(count).toBe(0);
    });

    it('refuses at registration a quota the giver no longer has, leaving no protocol number behind', async () => {
      const big = await propose(ABBIATEGRASSO, MILANO, 1_500, MILANO);
      const bigger = await propose(ABBIATEGRASSO, MILANO, 1, MILANO);
      await exchanges.accept(comune(ABBIATEGRASSO), big.id, { actReference: 'Delibera 1' });
      await exchanges.accept(comune(ABBIATEGRASSO), bigger.id, { actReference: 'Delibera 2' });
      await exchanges.register(officer, big.id);
      const [{ before }] = await db.dataSource.query('SELECT count(*)::int AS before FROM registry_entries');
      expect(await refusal(exchanges.register(officer, bigger.id))).toMatchObject({ code: 'insufficient-balance', field: 'squareMetres' });
      const [{ after }] = await db.dataSource.query('SELECT count(*)::int AS after FROM registry_entries');
      expect(after).toBe(before);
      expect((await exchanges.find(bigger.id))?.state).toBe('accepted');
    });

    it('keeps every balance and the double entry under many parallel exchanges and payments', async () => {
      // Four adhering municipalities, 1,000 m² each, and a commitment of 1,000.00 € for each.
      const players = [MILANO, ABBIATEGRASSO, RHO, LEGNANO];
      for (const istatCode of [RHO, LEGNANO]) {
        const kase = await openTestCase(db.dataSource, { istatCode, type: 'adhesion' });
        await adhesions.record({
          id: kase.id,
          caseId: kase.id,
          istatCode,
          sttm: [3],
          adhesionCase: 'd',
          fund: true,
          deliberation: { number: '9', date: '2026-01-15' },
          effectiveFrom: '2026-01-20',
          registeredBy: 'officer-1',
        });
      }
      const start = new Map<string, number>();
      for (const istatCode of players) {
        const held = await balance(istatCode, 'soil-quota');
        if (held < 1_000)
          await ledger.allocateSoilQuota({
            ...decree(100 + players.indexOf(istatCode), '2026-02-02'),
            istatCode,
            squareMetres: 1_000 - held,
          });
        start.set(istatCode, Math.max(held, 1_000));
      }
      const concurrencyCase = (await openTestCase(db.dataSource, { istatCode: MILANO, type: 'territorial-agreement' })).id;
      const { commitments } = await ledger.postCommitments(
        {
          caseId: concurrencyCase,
          act: { type: 'territorial-agreement', reference: 'Accordo di prova della concorrenza', date: '2026-02-03' },
          postedBy: 'test',
        },
        players.map((p) => contribution(p, 100_000, '2026-12-31')),
      );
      const cashBefore = await balance(null, 'cash');

      // Many exchanges, each moving 300 m² along a ring in both directions, all accepted first,
      // then registered at once: several must be refused (a giver cannot go below zero).
      const pairs = Array.from({ length: 24 }, (_, i) => ({ from: players[i % 4], to: players[(i + 1 + (i % 2) * 2) % 4] }));
      const proposals = [];
      for (const { from, to } of pairs) {
        const p = await propose(from, to, 300);
        await exchanges.accept(comune(to), p.id, { actReference: `Accettazione ${p.id}` });
        proposals.push(p);
      }
      // Each payment is 7,000 cents against one of the four commitments: 15 per commitment, of which 14 fit in 100,000.
      const payments = Array.from({ length: 60 }, (_, i) => ({ commitment: commitments[i % 4], act: i }));
      const outcomes = await Promise.allSettled([
        ...proposals.map((p) => exchanges.register(officer, p.id).then(() => ({ kind: 'exchange' as const, p }))),
        ...payments.map(({ commitment, act }) =>
          ledger
            .recordPayment({ ...decree(1000 + act, '2026-06-01'), commitmentId: commitment.id, amountCents: 7_000 })
            .then(() => ({ kind: 'payment' as const, commitment })),
        ),
      ]);
      const unexpected = outcomes.filter(
        (o) => o.status === 'rejected' && !(o.reason instanceof FundLedgerError && o.reason.code === 'insufficient-balance'),
      );
      expect(unexpected).toEqual([]);

      expect(await unbalancedTransactions()).toEqual([]);
      expect(await negativeGuardedAccounts()).toEqual([]);

      // Totals: quota is conserved among the four, each moved exactly by its registered exchanges.
      const registered = (await Promise.all(proposals.map((p) => exchanges.find(p.id)))).filter((x) => x?.state === 'registered');
      const expected = new Map(start);
      for (const x of registered) {
        expected.set(x!.from, expected.get(x!.from)! - x!.squareMetres);
        expected.set(x!.to, expected.get(x!.to)! + x!.squareMetres);
      }
      for (const istatCode of players)
        expect({ istatCode, quota: await balance(istatCode, 'soil-quota') }).toEqual({ istatCode, quota: expected.get(istatCode) });
      expect(registered.length).toBe(outcomes.filter((o) => o.status === 'fulfilled' && o.value.kind === 'exchange').length);

      const paymentsMade = outcomes.filter((o) => o.status === 'fulfilled' && o.value.kind === 'payment').length;
      expect(paymentsMade).toBe(4 * 14);
      expect(await balance(null, 'cash')).toBe(cashBefore + paymentsMade * 7_000);
      for (const c of commitments) expect((await ledger.commitment(c.id))?.paidCents).toBe(98_000);
      // Every exchange number was handed out once, without gaps, for registered exchanges only.
      const numbers = registered.map((x) => Number(x!.protocolNumber!.split('/')[1]));
      expect(new Set(numbers).size).toBe(numbers.length);
    });
  });
});
