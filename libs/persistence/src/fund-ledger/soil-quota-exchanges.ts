import {
  type Actor,
  type Refusal,
  type SoilExchangeAction,
  type SoilExchangeState,
  checkProposal,
  nextSoilExchangeState,
} from '@cmm/domain';
import { isValidCivilDate, romeDateOf } from '@cmm/legal-calendar';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AdhesionRepository } from '../repositories/adhesion.repository';
import { MunicipalityRepository, municipalitiesOfficialName } from '../repositories/municipality.repository';
import { RegistryRepository } from '../repositories/registry.repository';
import { FundLedger } from './fund-ledger';
import { FundLedgerError } from './fund-ledger.types';

export interface SoilExchangeView {
  id: string;
  from: string;
  to: string;
  proposer: string;
  squareMetres: number;
  act: { reference: string; date: string };
  note: string;
  state: SoilExchangeState;
  proposedBy: string;
  proposedAt: Date;
  acceptedBy: string | null;
  acceptedAt: Date | null;
  acceptanceActReference: string | null;
  closedBy: string | null;
  closedAt: Date | null;
  closingReason: string | null;
  transactionId: string | null;
  protocolNumber: string | null;
}

export interface SoilExchangeProposal {
  from: string;
  to: string;
  squareMetres: number;
  /** The proposing municipality's act (deliberation) approving the exchange. */
  act: { reference: string; date: string };
  note?: string;
}

const refusalCode = { forbidden: 'forbidden', 'invalid-state': 'invalid-state', 'invalid-input': 'invalid-input' } as const;

const raise = (refusal: Refusal, field: string, rule: string): never => {
  throw new FundLedgerError(refusalCode[refusal.code], field, rule, refusal.text ?? refusal.message);
};

const todayInRome = (): string => romeDateOf(Date.now());

/**
 * The soil-quota exchange as a state machine kept in PostgreSQL: every step is one short
 * transaction on the exchange's row (locked), and the registration writes the ledger
 * transaction and the protocol entry in the same transaction as the state change. No timer
 * or long wait is involved, which is what would call for a workflow.
 */
export class SoilQuotaExchanges {
  private readonly adhesions: AdhesionRepository;
  private readonly ledger: FundLedger;
  private readonly registry: RegistryRepository;
  private readonly municipalities: MunicipalityRepository;

  constructor(private readonly dataSource: DataSource) {
    this.adhesions = new AdhesionRepository(dataSource);
    this.municipalities = new MunicipalityRepository(dataSource);
    this.ledger = new FundLedger(dataSource);
    this.registry = new RegistryRepository(dataSource);
  }

  async propose(actor: Actor, proposal: SoilExchangeProposal): Promise<SoilExchangeView> {
    const refusal = checkProposal(actor, proposal);
    if (refusal)
      raise(
        refusal,
        refusal.code === 'invalid-input' ? 'to' : 'from',
        refusal.code === 'invalid-input' ? 'otherMunicipality' : 'partyToExchange',
      );
    if (!Number.isSafeInteger(proposal.squareMetres) || proposal.squareMetres <= 0) {
      throw new FundLedgerError('invalid-input', 'squareMetres', 'positiveInteger', {
        it: 'squareMetres: metri quadrati interi, più di zero',
        en: 'squareMetres: whole square metres, more than zero',
      });
    }
    if (!proposal.act?.reference?.trim())
      throw new FundLedgerError('invalid-input', 'act.reference', 'required', {
        it: 'act.reference: la delibera che approva lo scambio',
        en: 'act.reference: the deliberation approving the exchange',
      });
    if (!isValidCivilDate(proposal.act.date))
      throw new FundLedgerError('invalid-input', 'act.date', 'calendarDate', {
        it: `act.date: ${proposal.act.date} non è un giorno del calendario`,
        en: `act.date: ${proposal.act.date} is not a day of the calendar`,
      });
    return this.dataSource.transaction(async (tx) => {
      await this.checkAdhering([proposal.from, proposal.to], todayInRome(), tx);
      const id = randomUUID();
      await tx.query(
        `INSERT INTO fund_soil_exchanges (id, from_istat, to_istat, proposer_istat, square_metres, act_reference, act_date, note, state, proposed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9)`,
        [
          id,
          proposal.from,
          proposal.to,
          actor.istatCode,
          proposal.squareMetres,
          proposal.act.reference.trim(),
          proposal.act.date,
          proposal.note ?? '',
          actor.subject,
        ],
      );
      return (await this.find(id, tx))!;
    });
  }

  accept(actor: Actor, id: string, input: { actReference: string }): Promise<SoilExchangeView> {
    if (!input.actReference?.trim())
      throw new FundLedgerError('invalid-input', 'actReference', 'required', {
        it: "actReference: l'atto con cui il Comune accetta",
        en: 'actReference: the act by which the municipality accepts',
      });
    return this.step(actor, id, 'accept', async (tx, exchange) => {
      await this.checkAdhering([exchange.from, exchange.to], todayInRome(), tx);
      await tx.query(
        `UPDATE fund_soil_exchanges SET state = 'accepted', accepted_by = $2, accepted_at = now(), acceptance_act_reference = $3 WHERE id = $1`,
        [id, actor.subject, input.actReference.trim()],
      );
    });
  }

  decline(actor: Actor, id: string, reason: string): Promise<SoilExchangeView> {
    return this.close(actor, id, 'decline', 'declined', reason);
  }

  withdraw(actor: Actor, id: string, reason: string): Promise<SoilExchangeView> {
    return this.close(actor, id, 'withdraw', 'withdrawn', reason);
  }

  reject(actor: Actor, id: string, reason: string): Promise<SoilExchangeView> {
    return this.close(actor, id, 'reject', 'rejected', reason);
  }

  /**
   * CMM registers the agreed exchange: both municipalities must adhere on the day, the quota
   * moves in the ledger (never below zero) and the registration gets its protocol number, all
   * in one transaction, so a refusal leaves no trace and no gap in the register.
   */
  register(actor: Actor, id: string, input: { note?: string } = {}): Promise<SoilExchangeView> {
    return this.step(actor, id, 'register', async (tx, exchange) => {
      const on = todayInRome();
      await this.checkAdhering([exchange.from, exchange.to], on, tx);
      const names = await this.municipalities.namesByIstat([exchange.from, exchange.to], tx);
      const name = (istat: string) => names.get(istat) ?? istat;
      const entry = await this.registry.register(
        {
          direction: 'out',
          correspondent: municipalitiesOfficialName([name(exchange.from), name(exchange.to)]),
          subject: `Registrazione dello scambio di ${exchange.squareMetres} m² di quota di consumo di suolo da ${name(exchange.from)} a ${name(exchange.to)}${input.note ? ` — ${input.note}` : ''}`,
          registeredBy: actor.subject,
        },
        tx,
      );
      const posted = await this.ledger.transferSoilQuota(
        {
          exchangeId: exchange.id,
          from: exchange.from,
          to: exchange.to,
          squareMetres: exchange.squareMetres,
          caseId: null,
          act: {
            type: 'soil-exchange',
            reference: `Registrazione scambio quote prot. ${entry.protocolNumber} (${exchange.act.reference})`,
            date: on,
          },
          protocolNumber: entry.protocolNumber,
          postedBy: actor.subject,
        },
        tx,
      );
      await tx.query(
        `UPDATE fund_soil_exchanges SET state = 'registered', closed_by = $2, closed_at = now(), closing_reason = $3, transaction_id = $4, protocol_number = $5 WHERE id = $1`,
        [id, actor.subject, input.note ?? null, posted.transaction.id, entry.protocolNumber],
      );
    });
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<SoilExchangeView | null> {
    const [row] = await this.select(manager, `id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  /** Exchanges a municipality is part of (or all, for CMM staff), newest first. */
  list(istatCode: string | null, limit = 100): Promise<SoilExchangeView[]> {
    return istatCode
      ? this.select(this.dataSource.manager, '(from_istat = $1 OR to_istat = $1) ORDER BY proposed_at DESC, id LIMIT $2', [
          istatCode,
          limit,
        ])
      : this.select(this.dataSource.manager, 'true ORDER BY proposed_at DESC, id LIMIT $1', [limit]);
  }

  private close(actor: Actor, id: string, action: SoilExchangeAction, state: SoilExchangeState, reason: string): Promise<SoilExchangeView> {
    if (!reason?.trim())
      throw new FundLedgerError('invalid-input', 'reason', 'required', {
        it: 'reason: la motivazione è obbligatoria',
        en: 'reason: required',
      });
    return this.step(actor, id, action, async (tx) => {
      await tx.query('UPDATE fund_soil_exchanges SET state = $2, closed_by = $3, closed_at = now(), closing_reason = $4 WHERE id = $1', [
        id,
        state,
        actor.subject,
        reason.trim(),
      ]);
    });
  }

  /** One step under the row's lock: the machine decides, then the change is written. */
  private step(
    actor: Actor,
    id: string,
    action: SoilExchangeAction,
    write: (tx: EntityManager, exchange: SoilExchangeView) => Promise<void>,
  ): Promise<SoilExchangeView> {
    return this.dataSource.transaction(async (tx) => {
      const exchange = await this.find(id, tx, true);
      // A municipality outside the exchange learns nothing of it.
      if (
        !exchange ||
        (actor.role === 'comune' || actor.role === 'mayor_office' ? ![exchange.from, exchange.to].includes(actor.istatCode ?? '') : false)
      ) {
        throw new FundLedgerError('not-found', 'exchangeId', 'knownExchange', {
          it: `scambio ${id} inesistente`,
          en: `exchange ${id} does not exist`,
        });
      }
      const next = nextSoilExchangeState(exchange.state, action, actor, exchange);
      if (typeof next === 'object') raise(next, 'exchangeId', next.code === 'invalid-state' ? 'exchangeState' : 'exchangeParty');
      await write(tx, exchange);
      return (await this.find(id, tx))!;
    });
  }

  private async checkAdhering(istatCodes: string[], on: string, tx: EntityManager): Promise<void> {
    for (const [i, istatCode] of istatCodes.entries()) {
      const status = await this.adhesions.statusOn(istatCode, on, tx);
      if (!status.adhering || !status.fund) {
        throw new FundLedgerError('not-adhering', i === 0 ? 'from' : 'to', 'adheringToFund', {
          it: `al ${on} il Comune ${istatCode} non aderisce agli STTM e al Fondo perequativo (NdA PTM art. 11): scambiano quote di consumo di suolo solo i Comuni aderenti`,
          en: `the municipality ${istatCode} does not adhere to the STTM and the Fondo perequativo on ${on} (NdA PTM art. 11): only adhering municipalities exchange soil quotas`,
        });
      }
    }
  }

  private async select(manager: EntityManager, where: string, params: unknown[]): Promise<SoilExchangeView[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT id, from_istat, to_istat, proposer_istat, square_metres, act_reference, to_char(act_date, 'YYYY-MM-DD') AS act_date, note, state,
              proposed_by, proposed_at, accepted_by, accepted_at, acceptance_act_reference, closed_by, closed_at, closing_reason, transaction_id, protocol_number
         FROM fund_soil_exchanges WHERE ${where}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string,
      from: r.from_istat as string,
      to: r.to_istat as string,
      proposer: r.proposer_istat as string,
      squareMetres: Number(r.square_metres),
      act: { reference: r.act_reference as string, date: r.act_date as string },
      note: r.note as string,
      state: r.state as SoilExchangeState,
      proposedBy: r.proposed_by as string,
      proposedAt: r.proposed_at as Date,
      acceptedBy: r.accepted_by as string | null,
      acceptedAt: r.accepted_at as Date | null,
      acceptanceActReference: r.acceptance_act_reference as string | null,
      closedBy: r.closed_by as string | null,
      closedAt: r.closed_at as Date | null,
      closingReason: r.closing_reason as string | null,
      transactionId: r.transaction_id as string | null,
      protocolNumber: r.protocol_number as string | null,
    }));
  }
}
