import type { Actor } from '../actor';
import { isRefusal } from '../refusal';
import {
  agreementPartyOf,
  applyAgreementEvent,
  commitmentsProblem,
  initialAgreementStatus,
  nextAgreementState,
  pendingParties,
} from './territorial-agreement.machine';
import type { AgreementCommitment, AgreementEvent, AgreementFacts, AgreementStatus } from './territorial-agreement.types';

const ROZZANO = '015189';
const ASSAGO = '015011';
const facts: AgreementFacts = {
  parties: [ROZZANO, ASSAGO, 'cmm'],
  contributionBases: ['LR 12/2005 art. 43 c.2-bis', 'LR 12/2005 art. 44 c.19'],
};
const officer: Actor = { subject: 'o', name: 'O', email: null, role: 'officer', istatCode: null };
const manager: Actor = { ...officer, subject: 'm', role: 'manager' };
const rozzano: Actor = { subject: 'r', name: 'R', email: null, role: 'comune', istatCode: ROZZANO };
const assagoMayor: Actor = { subject: 'a', name: 'A', email: null, role: 'mayor_office', istatCode: ASSAGO };
const outsider: Actor = { ...rozzano, subject: 'x', istatCode: '015146' };
const at = '2026-11-23T10:00:00.000Z';

const contribution: AgreementCommitment = {
  party: ROZZANO,
  kind: 'fund-contribution',
  legalBasis: 'LR 12/2005 art. 43 c.2-bis',
  amountCents: 12_000_000,
  description: 'Quota dei contributi aggiuntivi al Fondo perequativo',
  dueDate: '2027-06-30',
};

const run = (events: AgreementEvent[], from: AgreementStatus = initialAgreementStatus()) =>
  events.reduce((s, e) => applyAgreementEvent(s, e, facts), from);
const sent = () =>
  run([
    { type: 'add-draft', actor: officer, documentIds: ['d1'], note: '', at },
    { type: 'set-commitments', actor: officer, commitments: [contribution] },
    { type: 'send-for-signature', actor: officer },
  ]);
const refusalCode = (status: AgreementStatus, event: AgreementEvent) => {
  const verdict = nextAgreementState(status, event, facts);
  return isRefusal(verdict) ? verdict.code : verdict;
};

describe('territorial agreement state machine', () => {
  it('comes into force when the last party signs the current draft', () => {
    const status = run(
      [
        { type: 'sign', actor: rozzano, documentId: 's1', draftVersion: 1, at },
        { type: 'sign', actor: assagoMayor, documentId: 's2', draftVersion: 1, at },
      ],
      sent(),
    );
    expect(status.state).toBe('awaiting-signatures');
    expect(pendingParties(status, facts)).toEqual(['cmm']);
    const inForce = applyAgreementEvent(status, { type: 'sign', actor: manager, documentId: 's3', draftVersion: 1, at }, facts);
    expect(inForce.state).toBe('in-force');
    expect(inForce.signatures.map((s) => `${s.party}:${s.by.role}`)).toEqual([
      `${ROZZANO}:comune`,
      `${ASSAGO}:mayor_office`,
      'cmm:manager',
    ]);
    expect(inForce.commitments).toEqual([contribution]);
  });

  it('goes to renegotiation on a refusal; a new draft resets signatures and refusals and needs a new round', () => {
    const refused = run(
      [
        { type: 'sign', actor: rozzano, documentId: 's1', draftVersion: 1, at },
        { type: 'refuse', actor: assagoMayor, reasons: 'Quota non sostenibile', draftVersion: 1, at },
      ],
      sent(),
    );
    expect(refused).toMatchObject({ state: 'renegotiation', refusals: [{ party: ASSAGO, reasons: 'Quota non sostenibile' }] });
    expect(refusalCode(refused, { type: 'sign', actor: manager, documentId: 's', draftVersion: 1, at })).toBe('invalid-state');
    const redrafted = applyAgreementEvent(
      refused,
      { type: 'add-draft', actor: officer, documentIds: ['d2'], note: 'quota ridotta', at },
      facts,
    );
    expect(redrafted).toMatchObject({ state: 'drafting', draft: { version: 2 }, signatures: [], refusals: [] });
    const resent = applyAgreementEvent(redrafted, { type: 'send-for-signature', actor: officer }, facts);
    expect(resent.rounds).toBe(2);
    expect(refusalCode(resent, { type: 'sign', actor: rozzano, documentId: 's1', draftVersion: 1, at })).toBe('invalid-state');
    expect(nextAgreementState(resent, { type: 'sign', actor: rozzano, documentId: 's4', draftVersion: 2, at }, facts)).toBe(
      'awaiting-signatures',
    );
  });

  it.each([
    ['a municipality that is not a party signing', { type: 'sign', actor: outsider, documentId: 's', draftVersion: 1, at }, 'forbidden'],
    ['an officer signing for CMM', { type: 'sign', actor: officer, documentId: 's', draftVersion: 1, at }, 'forbidden'],
    ['a municipality sending for signature', { type: 'send-for-signature', actor: rozzano }, 'forbidden'],
    ['a mayor office withdrawing', { type: 'withdraw', actor: assagoMayor, reason: 'x' }, 'forbidden'],
    ['a refusal without reasons', { type: 'refuse', actor: rozzano, reasons: ' ', draftVersion: 1, at }, 'invalid-input'],
    [
      'a failure declared during the signature term',
      { type: 'declare-failed', actor: officer, reasons: 'nessun accordo' },
      'invalid-state',
    ],
    ['commitments while the draft is out for signature', { type: 'set-commitments', actor: officer, commitments: [] }, 'invalid-state'],
  ] as const)('refuses %s', (_, event, code) => {
    expect(refusalCode(sent(), event as AgreementEvent)).toBe(code);
  });

  it('refuses a second signature of the same party and a signature of an outdated draft', () => {
    const signed = run([{ type: 'sign', actor: rozzano, documentId: 's1', draftVersion: 1, at }], sent());
    const again = nextAgreementState(
      signed,
      { type: 'sign', actor: { ...rozzano, role: 'mayor_office' }, documentId: 's2', draftVersion: 1, at },
      facts,
    );
    expect(isRefusal(again) && again.message).toMatch(/already signed/);
    const outdated = nextAgreementState(signed, { type: 'sign', actor: assagoMayor, documentId: 's2', draftVersion: 0, at }, facts);
    expect(isRefusal(outdated) && outdated.message).toMatch(/outdated/);
  });

  it('refuses sending without a draft', () => {
    expect(refusalCode(initialAgreementStatus(), { type: 'send-for-signature', actor: officer })).toBe('invalid-state');
  });

  it('lets the officers declare the failure once the signature term has passed, and closes the agreement', () => {
    const overdue = applyAgreementEvent(sent(), { type: 'signature-term-expired' }, facts);
    expect(overdue).toMatchObject({ state: 'awaiting-signatures', signatureOverdue: true });
    const failed = applyAgreementEvent(overdue, { type: 'declare-failed', actor: officer, reasons: 'Firme non pervenute' }, facts);
    expect(failed).toMatchObject({ state: 'failed', closure: { reason: 'Firme non pervenute' } });
    expect(refusalCode(failed, { type: 'withdraw', actor: officer, reason: 'x' })).toBe('invalid-state');
  });

  it('speaks for CMM only through a manager, and only when CMM is a party', () => {
    expect(agreementPartyOf(manager, facts)).toBe('cmm');
    expect(agreementPartyOf(manager, { ...facts, parties: [ROZZANO, ASSAGO] })).toBeNull();
    expect(agreementPartyOf(outsider, facts)).toBeNull();
  });

  it.each([
    [{ party: '015146' }, /commitments\[0\]\.party: 015146 is not a party/],
    [{ amountCents: -1 }, /amountCents: .*greater than zero/],
    [{ amountCents: 0 }, /amountCents: .*greater than zero/],
    [{ amountCents: 10.5 }, /amountCents/],
    [{ legalBasis: null }, /legalBasis: a contribution to the Fund/],
    [{ legalBasis: 'LR 12/2005 art. 1' }, /legalBasis: must be one of/],
    [{ dueDate: '2027-02-30' }, /dueDate: 2027-02-30 is not a day/],
    [{ description: '  ' }, /description/],
    [{ kind: 'diffusion-balancing', amountCents: null }, /a diffusion-balancing is an amount/],
  ] as const)('refuses the commitment %j', (change, message) => {
    expect(commitmentsProblem([{ ...contribution, ...(change as Partial<AgreementCommitment>) }], facts)?.en).toMatch(message);
  });

  it('accepts an obligation with no amount and no legal basis', () => {
    expect(
      commitmentsProblem(
        [{ party: 'cmm', kind: 'obligation', legalBasis: null, amountCents: null, description: 'Monitoraggio annuale', dueDate: null }],
        facts,
      ),
    ).toBeNull();
  });
});
