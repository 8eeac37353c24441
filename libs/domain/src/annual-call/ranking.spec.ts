import fc from 'fast-check';
import type { CallCriteria, Proposal } from './annual-call.types';
import { eligibilityProblems, rankProposals, scoreOf, weightedPoints } from './ranking';
import { criteriaForCall, defaultCallCriteria } from './scoring-criteria';

const criteria = defaultCallCriteria();

const proposal = (sequence: number, scores: Record<string, number> | null, extra: Partial<Proposal> = {}): Proposal => ({
  id: `P-${sequence}`,
  istatCode: String(15000 + sequence).padStart(6, '0'),
  municipality: `Comune ${sequence}`,
  kind: 'intervention',
  title: `Proposta ${sequence}`,
  description: 'descrizione',
  costCents: 100_000_00,
  cofinancingCents: 20_000_00,
  location: 'via Roma 1',
  sttm: [1],
  documentCount: 1,
  sequence,
  protocolNumber: `2027/${String(sequence).padStart(7, '0')}`,
  submittedAt: '2027-03-10T09:00:00.000Z',
  adheringSttm: [1, 2, 3],
  documentIds: ['d'],
  eligibility: { eligible: true, reasons: 'ammissibile', by: 'officer' },
  scores,
  scoredBy: scores ? 'officer' : null,
  ...extra,
});

const points = (a: number, b: number, c: number, d: number) => ({ 'sttm-1': a, 'sttm-2': b, 'sttm-3': c, 'art-19': d });

describe('annual call criteria and ranking', () => {
  it('ships the four criteria of NdA art. 14 and 19 with weights summing to 100 and the tie rules', () => {
    expect(criteria.criteria.map((c) => c.id)).toEqual(['sttm-1', 'sttm-2', 'sttm-3', 'art-19']);
    expect(criteria.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
    expect(criteria.tieBreak.map((t) => t.id)).toEqual(['cofinancing-share', 'protocol-order']);
    expect(criteria.source).toContain('art. 14');
  });

  it('lets a call set its own weights, refusing ones that do not sum to 100 or name an unknown criterion', () => {
    const call = criteriaForCall(criteria, { 'sttm-1': 40, 'sttm-2': 20, 'sttm-3': 20, 'art-19': 20 });
    expect('criteria' in call && call.criteria[0].weight).toBe(40);
    expect(criteriaForCall(criteria, { 'sttm-1': 40, 'sttm-2': 20, 'sttm-3': 20, 'art-19': 10 })).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^weights: .*sum to 90/),
    });
    expect(criteriaForCall(criteria, { 'sttm-9': 100 })).toMatchObject({ message: expect.stringMatching(/^weights\.sttm-9/) });
  });

  it('scores as Σ weight × points, shown 0..100', () => {
    expect(weightedPoints(points(10, 10, 10, 10), criteria)).toBe(1000);
    expect(scoreOf(weightedPoints(points(8, 6, 4, 2), criteria), criteria)).toBe(50);
  });

  it('ranks by score, then the higher co-financing share, then arrival at the protocol', () => {
    const ranking = rankProposals(
      [
        proposal(1, points(5, 5, 5, 5)),
        proposal(2, points(9, 9, 9, 9)),
        proposal(3, points(5, 5, 5, 5), { cofinancingCents: 50_000_00 }),
        proposal(4, points(5, 5, 5, 5)),
        proposal(5, null, { eligibility: { eligible: false, reasons: 'fuori termine', by: 'o' } }),
      ],
      criteria,
    );
    expect(ranking.map((r) => [r.position, r.proposalId, r.score, r.tieBrokenBy])).toEqual([
      [1, 'P-2', 90, null],
      [2, 'P-3', 50, null],
      [3, 'P-1', 50, 'cofinancing-share'],
      [4, 'P-4', 50, 'protocol-order'],
    ]);
  });

  it('asks for an adhered STTM and documents before a proposal can be eligible', () => {
    expect(eligibilityProblems(proposal(1, null, { sttm: [3], adheringSttm: [1, 2], documentCount: 0 })).map((p) => p.rule)).toEqual([
      'adhered-sttm',
      'documents',
    ]);
    expect(eligibilityProblems(proposal(1, null))).toEqual([]);
  });

  const arbitraryProposals = fc
    .array(
      fc.record({
        scores: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10)),
        cost: fc.integer({ min: 1, max: 5_000_000_000_00 }),
        share: fc.nat(100),
        eligible: fc.boolean(),
      }),
      { maxLength: 30 },
    )
    .map((rows) =>
      rows.map((r, i) =>
        proposal(i + 1, r.eligible ? points(...r.scores) : null, {
          costCents: r.cost,
          cofinancingCents: Math.floor((r.cost * r.share) / 100),
          eligibility: { eligible: r.eligible, reasons: 'x', by: 'o' },
        }),
      ),
    );
  const weights = fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100)).map(([a, b, c]) => {
    const [x, y, z] = [a, b, c].sort((m, n) => m - n);
    return { 'sttm-1': x, 'sttm-2': y - x, 'sttm-3': z - y, 'art-19': 100 - z };
  });

  it('property: the ranking holds every eligible proposal once, positions 1..n, scores never increasing, each tie decided by the rules in order', () => {
    fc.assert(
      fc.property(arbitraryProposals, weights, (proposals, w) => {
        const call = criteriaForCall(criteria, w) as CallCriteria;
        const ranking = rankProposals(proposals, call);
        const eligible = proposals.filter((p) => p.eligibility?.eligible);
        expect(ranking.map((r) => r.proposalId).sort()).toEqual(eligible.map((p) => p.id).sort());
        expect(ranking.map((r) => r.position)).toEqual(eligible.map((_, i) => i + 1));
        const byId = new Map(proposals.map((p) => [p.id, p]));
        for (let i = 1; i < ranking.length; i++) {
          const [above, below] = [ranking[i - 1], ranking[i]];
          expect(above.weightedPoints).toBeGreaterThanOrEqual(below.weightedPoints);
          expect(below.score).toBeGreaterThanOrEqual(0);
          expect(above.score).toBeLessThanOrEqual(100);
          if (above.weightedPoints > below.weightedPoints) {
            expect(below.tieBrokenBy).toBeNull();
            continue;
          }
          const [a, b] = [byId.get(above.proposalId) as Proposal, byId.get(below.proposalId) as Proposal];
          const shareA = BigInt(a.cofinancingCents) * BigInt(b.costCents);
          const shareB = BigInt(b.cofinancingCents) * BigInt(a.costCents);
          expect(shareA >= shareB).toBe(true);
          expect(below.tieBrokenBy).toBe(shareA > shareB ? 'cofinancing-share' : 'protocol-order');
          if (shareA === shareB) expect(a.sequence).toBeLessThan(b.sequence);
        }
      }),
    );
  });

  it('property: the ranking does not depend on the order the proposals are listed in', () => {
    fc.assert(
      fc.property(arbitraryProposals, fc.integer(), (proposals, seed) => {
        const shuffled = [...proposals].sort((a, b) => ((a.sequence * 7919 + seed) % 101) - ((b.sequence * 7919 + seed) % 101));
        expect(rankProposals(shuffled, criteria)).toEqual(rankProposals(proposals, criteria));
      }),
    );
  });
});
