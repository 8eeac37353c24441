import type { Actor } from '../actor';
import { isRefusal } from '../refusal';
import { applyEvent, initialStatus, nextState } from './compatibility-evaluation.machine';
import type { EvaluationEvent, EvaluationFacts, EvaluationStatus } from './compatibility-evaluation.types';

const facts: EvaluationFacts = {
  istatCode: '015146',
  declaresSupraMunicipalRelevance: false,
  integrationEffect: 'suspend',
  integrationRequestsAllowed: 1,
};
const officer: Actor = { subject: 'o', name: 'O', email: null, role: 'officer', istatCode: null };
const manager: Actor = { ...officer, subject: 'm', role: 'manager' };
const comune: Actor = { subject: 'c', name: 'C', email: null, role: 'comune', istatCode: '015146' };
const mayor: Actor = { ...comune, role: 'mayor_office' };

const run = (events: EvaluationEvent[], f = facts): EvaluationStatus =>
  events.reduce((status, event) => applyEvent(status, event, f), initialStatus());
const registered = () => run([{ type: 'registered' }]);

describe('compatibility evaluation state machine', () => {
  it('walks the main path to the opinion', () => {
    const status = run([
      { type: 'registered' },
      { type: 'request-integration', actor: officer, missing: ['Relazione'], note: '' },
      { type: 'submit-integration', actor: comune, note: '', documentIds: ['d'] },
      { type: 'confirm-completeness', actor: officer },
      { type: 'issue-opinion', actor: manager, outcome: 'favourable', prescriptions: [], reasons: '', documentId: 'd' },
    ]);
    expect(status).toMatchObject({ state: 'opinion-issued', integrationRequests: 1 });
  });

  it.each([
    ['the municipality confirming completeness', { type: 'confirm-completeness', actor: comune }, 'forbidden'],
    ['a mayor office withdrawing', { type: 'withdraw', actor: mayor, reason: 'x' }, 'forbidden'],
    [
      'an officer signing the opinion',
      { type: 'issue-opinion', actor: officer, outcome: 'favourable', prescriptions: [], reasons: '', documentId: 'd' },
      'forbidden',
    ],
    ['an integration request listing nothing', { type: 'request-integration', actor: officer, missing: [], note: '' }, 'invalid-input'],
    ['an answer with no request pending', { type: 'submit-integration', actor: comune, note: '', documentIds: [] }, 'invalid-state'],
    [
      'a relevance decision before the completeness check',
      { type: 'decide-relevance', actor: officer, recognised: true, reasons: 'r' },
      'invalid-state',
    ],
    ['an archival without reason', { type: 'archive', actor: officer, reason: '  ' }, 'invalid-input'],
  ] as const)('refuses %s', (_, event, code) => {
    const verdict = nextState(registered(), event as EvaluationEvent, facts);
    expect(isRefusal(verdict) && verdict.code).toBe(code);
  });

  it('allows as many integration requests as the rule does', () => {
    const afterOne = run([
      { type: 'registered' },
      { type: 'request-integration', actor: officer, missing: ['A'], note: '' },
      { type: 'submit-integration', actor: comune, note: '', documentIds: [] },
    ]);
    const second = nextState(afterOne, { type: 'request-integration', actor: officer, missing: ['B'], note: '' }, facts);
    expect(isRefusal(second) && second.code).toBe('invalid-state');
    expect(
      nextState(
        afterOne,
        { type: 'request-integration', actor: officer, missing: ['B'], note: '' },
        { ...facts, integrationRequestsAllowed: 2 },
      ),
    ).toBe('integration-requested');
  });

  it('closes as inadmissible only once the answer term has passed', () => {
    const requested = run([{ type: 'registered' }, { type: 'request-integration', actor: officer, missing: ['A'], note: '' }]);
    const early = nextState(requested, { type: 'close-inadmissible', actor: officer, reasons: 'nessuna risposta' }, facts);
    expect(isRefusal(early) && early.message).toMatch(/still has time/);
    const overdue = applyEvent(requested, { type: 'answer-term-expired' }, facts);
    expect(overdue.answerOverdue).toBe(true);
    expect(nextState(overdue, { type: 'close-inadmissible', actor: officer, reasons: 'nessuna risposta' }, facts)).toBe('inadmissible');
  });

  it('requires the relevance decision when the municipality declared it, and passes through the concertation', () => {
    const declared = { ...facts, declaresSupraMunicipalRelevance: true };
    const underEvaluation = run([{ type: 'registered' }, { type: 'confirm-completeness', actor: officer }], declared);
    const opinion: EvaluationEvent = {
      type: 'issue-opinion',
      actor: manager,
      outcome: 'favourable',
      prescriptions: [],
      reasons: '',
      documentId: 'd',
    };
    expect(isRefusal(nextState(underEvaluation, opinion, declared))).toBe(true);
    const concluded: EvaluationEvent[] = [
      { type: 'decide-relevance', actor: officer, recognised: true, reasons: 'effetti sovracomunali' },
      { type: 'record-concertation-outcome', actor: officer, outcome: 'agreement-not-reached', reasons: 'nessun accordo' },
    ];
    const status = concluded.reduce((s, e) => applyEvent(s, e, declared), underEvaluation);
    expect(status).toMatchObject({
      state: 'under-evaluation',
      concertation: { outcome: 'agreement-not-reached', reasons: 'nessun accordo' },
    });
    expect(nextState(status, opinion, declared)).toBe('opinion-issued');
  });

  it('takes a withdrawn conference as no outcome: the concertation stays open for a recorded outcome or a new conference', () => {
    const inConcertation = run([
      { type: 'registered' },
      { type: 'confirm-completeness', actor: officer },
      { type: 'decide-relevance', actor: officer, recognised: true, reasons: 'effetti sovracomunali' },
      { type: 'convoke-conference', actor: officer, conferenceCaseId: 'c1', convened: ['015146', '015002'] },
    ]);
    const running = nextState(
      inConcertation,
      { type: 'record-concertation-outcome', actor: officer, outcome: 'agreement-reached', reasons: 'r' },
      facts,
    );
    expect(isRefusal(running) && running.code).toBe('invalid-state');
    const withdrawn = applyEvent(
      inConcertation,
      { type: 'conference-withdrawn', conferenceCaseId: 'c1', reason: 'tenuta fuori dal sistema' },
      facts,
    );
    expect(withdrawn).toMatchObject({
      state: 'concertation',
      concertation: null,
      conference: { caseId: 'c1', running: false, withdrawn: { reason: 'tenuta fuori dal sistema' } },
    });
    expect(
      nextState(withdrawn, { type: 'convoke-conference', actor: officer, conferenceCaseId: 'c2', convened: ['015146', '015002'] }, facts),
    ).toBe('concertation');
    const recorded = applyEvent(
      withdrawn,
      { type: 'record-concertation-outcome', actor: officer, outcome: 'agreement-reached', reasons: 'intesa in sede esterna' },
      facts,
    );
    expect(recorded).toMatchObject({
      state: 'under-evaluation',
      concertation: { outcome: 'agreement-reached', reasons: 'intesa in sede esterna' },
    });
  });

  it('deems the evaluation favourable at expiry and then refuses a late opinion, citing the law', () => {
    const expired = run([{ type: 'registered' }, { type: 'confirm-completeness', actor: officer }, { type: 'term-expired' }]);
    expect(expired.state).toBe('deemed-favourable');
    const late = nextState(
      expired,
      { type: 'issue-opinion', actor: manager, outcome: 'unfavourable', prescriptions: [], reasons: 'r', documentId: 'd' },
      facts,
    );
    expect(isRefusal(late) && late.message).toMatch(/LR 12\/2005 art. 13 c.5/);
    expect(isRefusal(late) && late.text?.it).toMatch(
      /^il termine è scaduto: la valutazione si intende favorevole per legge \(LR 12\/2005 art. 13 c.5\)/,
    );
  });

  it('refuses any event on a closed case', () => {
    const withdrawn = run([{ type: 'registered' }, { type: 'withdraw', actor: comune, reason: 'ritirata' }]);
    const verdict = nextState(withdrawn, { type: 'confirm-completeness', actor: officer }, facts);
    expect(isRefusal(verdict) && verdict.state).toBe('withdrawn');
    // The clerk reads the action and state as the API names them, in Italian.
    expect(isRefusal(verdict) && verdict.text).toEqual({
      it: 'azione «confirm-completeness» non consentita nello stato «withdrawn» della pratica (consentita in: nessuno stato: la pratica è chiusa)',
      en: 'confirm-completeness is not allowed while the case is withdrawn (allowed: none: the case is closed)',
    });
    expect(() => applyEvent(withdrawn, { type: 'archive', actor: officer, reason: 'x' }, facts)).toThrow(/refused/);
  });
});
