import type { Actor } from '../actor';
import { isRefusal } from '../refusal';
import { applyAdhesionEvent, initialAdhesionStatus, nextAdhesionState } from './adhesion.machine';
import type { AdhesionStatus } from './adhesion.types';

const facts = { istatCode: '015146' };
const officer: Actor = { subject: 'o', name: 'O', email: null, role: 'officer', istatCode: null };
const comune: Actor = { subject: 'c', name: 'C', email: null, role: 'comune', istatCode: '015146' };
const other: Actor = { ...comune, istatCode: '015002' };
const underReview: AdhesionStatus = { state: 'under-review', correctionRequests: 0 };

describe('adhesion machine', () => {
  it('goes through review, corrections and registration', () => {
    let status = applyAdhesionEvent(initialAdhesionStatus(), { type: 'registered' }, facts);
    expect(status.state).toBe('under-review');
    status = applyAdhesionEvent(
      status,
      { type: 'request-corrections', actor: officer, corrections: ['Allegare la delibera firmata'], note: '' },
      facts,
    );
    expect(status).toEqual({ state: 'corrections-requested', correctionRequests: 1 });
    status = applyAdhesionEvent(status, { type: 'submit-corrections', actor: comune, note: 'ok', documentIds: [] }, facts);
    status = applyAdhesionEvent(status, { type: 'register-adhesion', actor: officer }, facts);
    expect(status.state).toBe('registered');
  });

  it('refuses with a code: wrong actor, missing reasons, wrong state', () => {
    expect(nextAdhesionState(underReview, { type: 'register-adhesion', actor: comune }, facts)).toMatchObject({ code: 'forbidden' });
    expect(nextAdhesionState(underReview, { type: 'withdraw', actor: other, reason: 'x' }, facts)).toMatchObject({ code: 'forbidden' });
    expect(nextAdhesionState(underReview, { type: 'reject', actor: officer, reasons: ' ' }, facts)).toMatchObject({
      code: 'invalid-input',
    });
    expect(nextAdhesionState(underReview, { type: 'submit-corrections', actor: comune, note: '', documentIds: [] }, facts)).toMatchObject({
      code: 'invalid-state',
      state: 'under-review',
    });
    const registered = nextAdhesionState(
      { state: 'registered', correctionRequests: 0 },
      { type: 'withdraw', actor: comune, reason: 'ripensamento' },
      facts,
    );
    expect(isRefusal(registered) && registered.code).toBe('invalid-state');
  });
});
