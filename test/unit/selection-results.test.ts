import { describe, expect, it } from 'vitest';
import { rat, toExact, toFixed } from '~/workflows/selection/rational';
import { derivedScore, type ResultsInput, selectionResults } from '~/workflows/selection/results';

/**
 * A hand-computed example (issue 18, acceptance 2): 3 candidates (A=1, B=2, C=3), 5 criteria with
 * weights K1 30, K2 25, K3 20, K4 15, K5 10, and 3 evaluators (e1=11, e2=12, e3=13).
 *
 * Scores e1/e2/e3 (sum over the three):
 *   A: K1 5,4,5 (14)  K2 3,3,4 (10)  K3 2,3,2 (7)   K4 4,4,4 (12)  K5 5,3,4 (12)
 *   B: K1 4,4,4 (12)  K2 4,5,4 (13)  K3 4,4,5 (13)  K4 3,3,3 (9)   K5 3,4,3 (10)
 *   C: K1 3,2,3 (8)   K2 3,3,2 (8)   K3 5,5,5 (15)  K4 2,3,2 (7)   K5 4,4,1 (9)
 *
 * T(c) = Σ w_k × (sum_k / 3) / 100 = Σ w_k × sum_k / 300:
 *   A: 30×14 + 25×10 + 20×7 + 15×12 + 10×12 = 420+250+140+180+120 = 1110 -> 1110/300 = 37/10 = 3.70
 *   B: 30×12 + 25×13 + 20×13 + 15×9 + 10×10 = 360+325+260+135+100 = 1180 -> 59/15 = 3.9333…
 *   C: 30×8 + 25×8 + 20×15 + 15×7 + 10×9   = 240+200+300+105+90  = 935  -> 187/60 = 3.1166…
 * Ranking: B, A, C. B's breakdown K1 = 30×4/100 = 6/5, K2 = 25×(13/3)/100 = 13/12, ...
 *
 * Spread (max - min), flagged at >= 2: A/K5 5,3,4 -> 2 (flagged); C/K5 4,4,1 -> 3 (flagged); others <= 1.
 *
 * Robustness, first B, second A: d_k = m(B,k) - m(A,k) = (-2/3, 1, 2, -1, -2/3);
 *   100 D = Σ w d = -20 + 25 + 40 - 15 - 20/3 = 70/3.  For each k, R = 70/3 - w_k d_k and the tie weight
 *   x = -100 R / ((100 - w_k) d_k - R):
 *   K1: R = 130/3, x = -(13000/3) / (-140/3 - 130/3) = 1300/27 ≈ 48.15, change +490/27 ≈ +18.15
 *   K2: R = -5/3,  x = (500/3) / (75 + 5/3) = 50/23 ≈ 2.17,           change -525/23 ≈ -22.83
 *   K3: R = -50/3, x = (5000/3) / (160 + 50/3) = 500/53 ≈ 9.43,       change -560/53 ≈ -10.57  <- smallest
 *   K4: R = 115/3, x = -(11500/3) / (-85 - 115/3) = 1150/37 ≈ 31.08,  change +595/37 ≈ +16.08
 *   K5: R = 30,    x = -3000 / (-60 - 30) = 100/3 ≈ 33.33,            change +70/3 ≈ +23.33
 *   Check K3: the others scale by (100 - 500/53)/80 = 60/53: weights 1800/53, 1500/53, 500/53, 900/53,
 *   600/53 (sum 100); Σ w' d = (-1200 + 1500 + 1000 - 900 - 400)/53 = 0: B and A tie.
 *
 * Per evaluator (Σ w × score / 100):
 *   e1: A 375 -> 3.75, B 375 -> 3.75, C 335 -> 3.35   (A and B share rank 1)
 *   e2: A 345 -> 3.45, B 410 -> 4.10, C 320 -> 3.20   (B, A, C)
 *   e3: A 390 -> 3.90, B 395 -> 3.95, C 280 -> 2.80   (B, A, C)
 *   (their sums 1110, 1180, 935 are the overall totals × 300, as they should be).
 */
const sheet: Record<number, Record<number, [number, number, number]>> = {
  1: { 1: [5, 4, 5], 2: [3, 3, 4], 3: [2, 3, 2], 4: [4, 4, 4], 5: [5, 3, 4] },
  2: { 1: [4, 4, 4], 2: [4, 5, 4], 3: [4, 4, 5], 4: [3, 3, 3], 5: [3, 4, 3] },
  3: { 1: [3, 2, 3], 2: [3, 3, 2], 3: [5, 5, 5], 4: [2, 3, 2], 5: [4, 4, 1] },
};
const evaluators = [11, 12, 13];
const example: ResultsInput = {
  candidates: [
    { id: 1, name: 'A' },
    { id: 2, name: 'B' },
    { id: 3, name: 'C' },
  ],
  criteria: [
    { id: 1, name: 'K1', weight: '30', derived: false },
    { id: 2, name: 'K2', weight: '25', derived: false },
    { id: 3, name: 'K3', weight: '20', derived: false },
    { id: 4, name: 'K4', weight: '15', derived: false },
    { id: 5, name: 'K5', weight: '10', derived: false },
  ],
  evaluators: evaluators.map((id) => ({ id, name: `e${id - 10}` })),
  scores: Object.entries(sheet).flatMap(([c, byK]) =>
    Object.entries(byK).flatMap(([k, xs]) => xs.map((score, i) => ({ evaluatorId: evaluators[i]!, candidateId: Number(c), criterionId: Number(k), score }))),
  ),
  musts: [],
  fits: [],
  costs: [
    ...[1, 2, 3, 4, 5].map((year) => ({ candidateId: 1, kind: 'licences' as const, year, amount: '120000.10' })),
    { candidateId: 1, kind: 'implementation', year: 1, amount: '350000' },
    { candidateId: 2, kind: 'internalStaff', year: 1, amount: '0.20' },
    { candidateId: 2, kind: 'support', year: 5, amount: '0.10' },
  ],
};

describe('selection results against the hand-computed example', () => {
  const r = selectionResults(example);

  it('weighted totals are exact and ranked B, A, C', () => {
    const total = (id: number) => toExact(r.totals.find((t) => t.candidateId === id)!.total);
    expect([total(1), total(2), total(3)]).toEqual(['37/10', '59/15', '187/60']);
    expect(r.ranking.map((x) => [x.candidateId, x.rank])).toEqual([
      [2, 1],
      [1, 2],
      [3, 3],
    ]);
    expect(toFixed(r.ranking[0]!.total)).toBe('3.93');
  });

  it('the breakdown is w_k × mean / 100 per criterion', () => {
    const b = r.totals.find((t) => t.candidateId === 2)!.breakdown;
    expect(b.map((x) => toExact(x.mean!))).toEqual(['4', '13/3', '13/3', '3', '10/3']);
    expect(b.map((x) => toExact(x.contribution))).toEqual(['6/5', '13/12', '13/15', '9/20', '1/3']);
  });

  it('flags the two disagreements of 2 points or more', () => {
    expect(r.spreads.filter((s) => s.flagged).map((s) => [s.candidateId, s.criterionId, s.spread])).toEqual([
      [1, 5, 2],
      [3, 5, 3],
    ]);
  });

  it('finds the smallest single-weight change that makes the top two tie: TCO (K3) from 20 to 500/53', () => {
    const rb = r.robustness!;
    expect([rb.firstId, rb.secondId, toExact(rb.gap)]).toEqual([2, 1, '7/30']);
    expect(rb.swaps.map((s) => [s.criterionId, toExact(s.tieAt), toExact(s.change)])).toEqual([
      [1, '1300/27', '490/27'],
      [2, '50/23', '-525/23'],
      [3, '500/53', '-560/53'],
      [4, '1150/37', '595/37'],
      [5, '100/3', '70/3'],
    ]);
    expect(rb.smallest?.criterionId).toBe(3);
    expect(toFixed(rb.smallest!.change)).toBe('-10.57');
  });

  it('ranks the candidates under each evaluator’s scores alone', () => {
    const of = (id: number) => r.perEvaluator.find((e) => e.evaluatorId === id)!.ranking.map((x) => [x.candidateId, toFixed(x.total), x.rank]);
    expect(of(11)).toEqual([
      [1, '3.75', 1],
      [2, '3.75', 1],
      [3, '3.35', 3],
    ]);
    expect(of(12)).toEqual([
      [2, '4.10', 1],
      [1, '3.45', 2],
      [3, '3.20', 3],
    ]);
    expect(of(13)).toEqual([
      [2, '3.95', 1],
      [1, '3.90', 2],
      [3, '2.80', 3],
    ]);
  });

  it('adds five-year costs as decimals (no float drift)', () => {
    // A: 5 × 120000.10 + 350000 = 950000.50; B: 0.20 + 0.10 = 0.30 (a float sum gives 0.30000000000000004).
    expect(r.tco.map((t) => t.total)).toEqual(['950000.50', '0.30', '0.00']);
    expect(r.tco[0]!.byKind.licences).toBe('600000.50');
    expect(r.tco[0]!.byYear).toEqual(['470000.10', '120000.10', '120000.10', '120000.10', '120000.10']);
  });
});

describe('a derived criterion', () => {
  it('scores the mean of fit points over the must-have needs (out of the box 5, configured 4, custom 2, not met 1)', () => {
    const input = {
      musts: [7, 8, 9],
      fits: [
        { candidateId: 1, requirementId: 7, fit: 'outOfBox' as const },
        { candidateId: 1, requirementId: 8, fit: 'configured' as const },
        { candidateId: 1, requirementId: 9, fit: 'custom' as const },
      ],
    };
    expect(toExact(derivedScore(input, 1)!)).toBe('11/3');
    // No fit recorded counts as not met.
    expect(toExact(derivedScore(input, 2)!)).toBe('1');
    expect(derivedScore({ musts: [], fits: [] }, 1)).toBeNull();
  });

  it('rounds half up when shown', () => {
    expect(toFixed(rat(1, 8), 2)).toBe('0.13');
    expect(toFixed(rat(-1, 8), 2)).toBe('-0.13');
    expect(toFixed(rat(1, 200), 2)).toBe('0.01');
  });
});
