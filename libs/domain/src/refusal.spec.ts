import { nextAdhesionState } from './adhesion/adhesion.machine';
import { callNextState } from './annual-call/annual-call.machine';
import { isRefusal, refuse, refuseFields } from './refusal';

describe('refuse', () => {
  it('keeps a plain message as the English text, with no translation', () => {
    expect(refuse('invalid-input', 'reason: required')).toEqual({ code: 'invalid-input', message: 'reason: required', state: undefined });
  });

  it('carries both texts and keeps the English one as the message', () => {
    const refusal = refuse('invalid-state', { it: 'azione non consentita', en: 'action not allowed' }, 'drafting');
    expect(refusal).toEqual({
      code: 'invalid-state',
      message: 'action not allowed',
      text: { it: 'azione non consentita', en: 'action not allowed' },
      state: 'drafting',
    });
  });
});

describe('isRefusal', () => {
  it('tells a refusal from the next state, for every machine', () => {
    expect(isRefusal(refuse('forbidden', 'staff only'))).toBe(true);
    expect(isRefusal<string>('registered')).toBe(false);
  });
});

describe('machine refusals speak Italian first', () => {
  const officer = { subject: 'u1', name: 'Funzionario', email: 'f@cmm.it', role: 'officer' as const, istatCode: null };

  it('an adhesion refused in the wrong state names the state in Italian and English', () => {
    const refusal = nextAdhesionState(
      { state: 'received', correctionRequests: 0 },
      { type: 'register-adhesion', actor: officer } as never,
      { istatCode: '015146' } as never,
    );
    expect(refusal).toMatchObject({
      code: 'invalid-state',
      state: 'received',
      text: {
        it: expect.stringContaining('non consentita nello stato «received»'),
        en: expect.stringContaining('is not allowed while the adhesion is received'),
      },
    });
  });

  it('a municipality acting as CMM staff on the annual call is told so in Italian', () => {
    const comune = { ...officer, role: 'comune' as const, istatCode: '015146' };
    const refusal = callNextState(
      { state: 'evaluation', proposals: [] } as never,
      { type: 'approve-ranking', actor: comune } as never,
      {} as never,
    );
    expect(refusal).toMatchObject({
      code: 'forbidden',
      text: { it: 'solo un dirigente può approvare la graduatoria', en: 'only a manager may approve the ranking' },
    });
  });
});

describe('refuseFields', () => {
  it('is null when no field is wrong', () => {
    expect(refuseFields([])).toBeNull();
  });

  it('refuses invalid input naming each field and rule, its words joined as the API joins them', () => {
    const refusal = refuseFields([
      {
        field: 'deliberation.date',
        rule: 'notInFuture',
        text: { it: 'la delibera deve essere già stata adottata', en: 'the deliberation must already be adopted' },
      },
      {
        field: 'commitments',
        rule: 'fundAdhesion',
        text: { it: "gli impegni richiedono l'adesione al Fondo", en: 'commitments need the Fund' },
      },
    ]);
    expect(refusal).toMatchObject({
      code: 'invalid-input',
      message: 'deliberation.date: the deliberation must already be adopted; commitments: commitments need the Fund',
      text: {
        it: "deliberation.date: la delibera deve essere già stata adottata; commitments: gli impegni richiedono l'adesione al Fondo",
      },
    });
    expect(refusal?.fields?.map((f) => f.rule)).toEqual(['notInFuture', 'fundAdhesion']);
  });
});
