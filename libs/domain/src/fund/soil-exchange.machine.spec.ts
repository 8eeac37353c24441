import type { Actor } from '../actor';
import { checkProposal, nextSoilExchangeState } from './soil-exchange.machine';

const comune = (istatCode: string): Actor => ({ subject: `c-${istatCode}`, name: 'C', email: null, role: 'comune', istatCode });
const officer: Actor = { subject: 'o', name: 'O', email: null, role: 'officer', istatCode: null };
const parties = { from: '015146', to: '015002', proposer: '015146' };

describe('soil exchange machine', () => {
  it('lets only a party propose, only the counterparty accept, only CMM register', () => {
    expect(checkProposal(comune('015146'), parties)).toBeNull();
    expect(checkProposal(comune('015182'), parties)).toMatchObject({ code: 'forbidden' });
    expect(checkProposal(officer, parties)).toMatchObject({ code: 'forbidden' });
    expect(nextSoilExchangeState('proposed', 'accept', comune('015146'), parties)).toMatchObject({ code: 'forbidden' });
    expect(nextSoilExchangeState('proposed', 'accept', comune('015002'), parties)).toBe('accepted');
    expect(nextSoilExchangeState('proposed', 'register', officer, parties)).toMatchObject({ code: 'invalid-state', state: 'proposed' });
    expect(nextSoilExchangeState('accepted', 'register', comune('015002'), parties)).toMatchObject({ code: 'forbidden' });
    expect(nextSoilExchangeState('accepted', 'register', officer, parties)).toBe('registered');
    expect(nextSoilExchangeState('registered', 'withdraw', comune('015146'), parties)).toMatchObject({ code: 'invalid-state' });
  });
});
