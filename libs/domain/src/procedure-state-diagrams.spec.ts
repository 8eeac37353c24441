// The state diagrams of docs/procedures.md are drawn from the machines of this library by
// scripts/generate-state-diagrams.ts; this spec fails when the document no longer shows what
// the machines accept, or when a state becomes unreachable.
import { readFileSync } from 'node:fs';
import { PROCEDURES_DOC, procedureGraph, withGeneratedDiagrams } from '../../../scripts/generate-state-diagrams';
import { PROCEDURE_TYPES } from './procedure-types';

describe('docs/procedures.md', () => {
  it('shows the state diagrams the machines produce (to update it: node -r ./scripts/register-ts.js scripts/generate-state-diagrams.ts)', () => {
    const document = readFileSync(PROCEDURES_DOC, 'utf8');
    expect(withGeneratedDiagrams(document)).toBe(document);
  });

  it("reaches every state of every procedure, but the VAS screening's cancellation, which no workflow records", () => {
    const unreached = Object.fromEntries(PROCEDURE_TYPES.map((type) => [type, procedureGraph(type).unreached]));
    expect(unreached).toEqual({
      'compatibility-evaluation': [],
      'concertation-conference': [],
      'territorial-agreement': [],
      'sttm-approval': [],
      'vas-screening': ['cancelled'],
      adhesion: [],
      'annual-call': [],
    });
  });

  it('accepts every sampled action and event in some state, so each has its arrow', () => {
    const neverAccepted = Object.fromEntries(PROCEDURE_TYPES.map((type) => [type, procedureGraph(type).neverAccepted]));
    expect(neverAccepted).toEqual(Object.fromEntries(PROCEDURE_TYPES.map((type) => [type, []])));
  });
});
