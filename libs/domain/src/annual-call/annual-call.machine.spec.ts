import type { Actor } from '../actor';
import { isRefusal } from '../refusal';
import { applyCallEvent, callNextState, initialCallStatus } from './annual-call.machine';
import type { CallEvent, CallFacts, CallStatus, ProposalInput } from './annual-call.types';
import { defaultCallCriteria } from './scoring-criteria';

const officer: Actor = { subject: 'o', name: 'O', email: null, role: 'officer', istatCode: null };
const manager: Actor = { ...officer, subject: 'm', role: 'manager' };
const milano: Actor = { subject: 'c', name: 'C', email: null, role: 'comune', istatCode: '015146' };
const facts: CallFacts = { criteria: defaultCallCriteria(), window: { dueDate: '2027-04-30', closesAt: '2027-04-30T22:00:00.000Z' } };
const input: ProposalInput = {
  kind: 'intervention',
  title: 'Parco',
  description: 'Nuovo parco',
  costCents: 1_000_000,
  cofinancingCents: 100_000,
  location: 'via Roma',
  sttm: [1],
  documentCount: 1,
};
const adhering = { adhering: true, sttm: [1, 2], on: '2027-04-01' };
const submit = (at: string, over: Partial<ProposalInput> = {}): CallEvent => ({
  type: 'submit-proposal',
  actor: milano,
  proposal: { ...input, ...over },
  at,
  adhesion: adhering,
  registered: { id: 'P-1', protocolNumber: '2027/0000001', municipality: 'Milano', documentIds: ['d'] },
});
const run = (events: CallEvent[], from: CallStatus = initialCallStatus()) => events.reduce((s, e) => applyCallEvent(s, e, facts), from);

describe('annual call state machine', () => {
  it('accepts a proposal until the last millisecond of the last Rome day and refuses it one millisecond later', () => {
    expect(callNextState(initialCallStatus(), submit('2027-04-30T21:59:59.999Z'), facts)).toBe('open');
    const late = callNextState(initialCallStatus(), submit('2027-04-30T22:00:00.000Z'), facts);
    expect(late).toMatchObject({ code: 'invalid-state', message: expect.stringContaining('closed at the end of 30/04/2027') });
  });

  it('refuses a municipality that does not adhere, a CMM officer, and bad data naming the field', () => {
    const notAdhering = callNextState(
      initialCallStatus(),
      { ...submit('2027-04-02T10:00:00Z'), adhesion: { adhering: false, sttm: [], on: '2027-04-02' } } as CallEvent,
      facts,
    );
    expect(notAdhering).toMatchObject({ code: 'forbidden', message: expect.stringContaining('does not adhere to any STTM on 02/04/2027') });
    expect(callNextState(initialCallStatus(), { ...submit('2027-04-02T10:00:00Z'), actor: officer } as CallEvent, facts)).toMatchObject({
      code: 'forbidden',
    });
    expect(callNextState(initialCallStatus(), submit('2027-04-02T10:00:00Z', { cofinancingCents: 2_000_000 }), facts)).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^cofinancingCents/),
    });
    expect(callNextState(initialCallStatus(), submit('2027-04-02T10:00:00Z', { sttm: [4] }), facts)).toMatchObject({
      message: expect.stringMatching(/^sttm/),
    });
  });

  it('lets only the submitting municipality correct its proposal, with the checks of a submission, until the window closes', () => {
    const submitted = run([submit('2027-04-02T10:00:00Z')]);
    const amend = (at: string, over: Partial<ProposalInput> = {}, actor: Actor = milano): CallEvent => ({
      type: 'amend-proposal',
      actor,
      proposalId: 'P-1',
      proposal: { ...input, title: 'Parco corretto', ...over },
      at,
      registered: { protocolNumber: '2027/0000002', documentIds: ['d', 'e'] },
    });
    expect(callNextState(submitted, amend('2027-04-30T21:59:59.999Z'), facts)).toBe('open');
    expect(callNextState(submitted, amend('2027-04-30T22:00:00.000Z'), facts)).toMatchObject({
      code: 'invalid-state',
      message: expect.stringMatching(
        /closed at the end of 30\/04\/2027.*can no longer be corrected \(rule annual-call.submission-window\)/,
      ),
    });
    const rho: Actor = { ...milano, subject: 'r', istatCode: '015182' };
    expect(callNextState(submitted, amend('2027-04-03T10:00:00Z', {}, rho), facts)).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('rule annual-call.own-proposal'),
    });
    expect(callNextState(submitted, amend('2027-04-03T10:00:00Z', {}, officer), facts)).toMatchObject({ code: 'forbidden' });
    expect(callNextState(submitted, amend('2027-04-03T10:00:00Z', { costCents: 0 }), facts)).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^costCents/),
    });
    expect(callNextState(submitted, { ...amend('2027-04-03T10:00:00Z'), proposalId: 'P-9' } as CallEvent, facts)).toMatchObject({
      message: expect.stringMatching(/^proposalId/),
    });

    const corrected = run([amend('2027-04-03T10:00:00Z')], submitted);
    expect(corrected.proposals[0]).toMatchObject({
      title: 'Parco corretto',
      protocolNumber: '2027/0000001',
      documentIds: ['d', 'e'],
      amendments: [{ protocolNumber: '2027/0000002', at: '2027-04-03T10:00:00Z' }],
    });
    expect(callNextState(run([{ type: 'window-closed' }], corrected), amend('2027-04-10T10:00:00Z'), facts)).toMatchObject({
      code: 'invalid-state',
    });
  });

  it('evaluates after the window: eligibility with reasons, scores from officers, approval only by a manager once all are decided', () => {
    const evaluating = run([submit('2027-04-02T10:00:00Z'), { type: 'window-closed' }]);
    expect(evaluating.state).toBe('evaluation');
    expect(callNextState(evaluating, { type: 'approve-ranking', actor: manager }, facts)).toMatchObject({
      code: 'invalid-state',
      message: 'P-1 has no eligibility decision yet',
    });
    expect(
      callNextState(evaluating, { type: 'mark-eligibility', actor: officer, proposalId: 'P-1', eligible: true, reasons: ' ' }, facts),
    ).toMatchObject({ code: 'invalid-input' });
    expect(callNextState(evaluating, { type: 'score-proposal', actor: officer, proposalId: 'P-1', scores: {} }, facts)).toMatchObject({
      code: 'invalid-state',
    });
    const eligible = run(
      [{ type: 'mark-eligibility', actor: officer, proposalId: 'P-1', eligible: true, reasons: 'requisiti presenti' }],
      evaluating,
    );
    expect(
      callNextState(
        eligible,
        { type: 'score-proposal', actor: officer, proposalId: 'P-1', scores: { 'sttm-1': 11, 'sttm-2': 0, 'sttm-3': 0, 'art-19': 0 } },
        facts,
      ),
    ).toMatchObject({
      message: 'scores.sttm-1: an integer from 0 to 10',
    });
    const scored = run(
      [{ type: 'score-proposal', actor: officer, proposalId: 'P-1', scores: { 'sttm-1': 8, 'sttm-2': 2, 'sttm-3': 0, 'art-19': 6 } }],
      eligible,
    );
    expect(callNextState(scored, { type: 'approve-ranking', actor: officer }, facts)).toMatchObject({ code: 'forbidden' });
    const approved = run([{ type: 'approve-ranking', actor: manager }], scored);
    expect(approved.state).toBe('ranking-published');
    expect(approved.ranking).toEqual([expect.objectContaining({ position: 1, proposalId: 'P-1', score: 40 })]);
    expect(run([{ type: 'publication-ended' }], approved).state).toBe('concluded');
  });

  it('refuses to declare eligible a proposal addressing only STTM its municipality did not adhere to', () => {
    const evaluating = run([submit('2027-04-02T10:00:00Z', { sttm: [3] }), { type: 'window-closed' }]);
    const verdict = callNextState(
      evaluating,
      { type: 'mark-eligibility', actor: officer, proposalId: 'P-1', eligible: true, reasons: 'ok' },
      facts,
    );
    expect(isRefusal(verdict) && verdict.message).toMatch(/rule adhered-sttm/);
    expect(
      callNextState(
        evaluating,
        { type: 'mark-eligibility', actor: officer, proposalId: 'P-1', eligible: false, reasons: 'STTM non aderita' },
        facts,
      ),
    ).toBe('evaluation');
  });
});
