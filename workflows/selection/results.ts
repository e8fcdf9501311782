import Decimal from 'decimal.js';
import type { CostKind, FitLevel } from '~/db/schema';
import { absR, cmp, div, mul, parseDecimal, type Rational, rat, sub, sum, toExact, toFixed, ZERO } from './rational';

/**
 * The results of a platform selection, computed from its data alone (pure; no database), exactly.
 * docs/decisions/0022-platform-selection.md defines each figure; the page, the decision record and the
 * tests all read this one module.
 *
 * - Criterion mean m(c,k): the mean of the scores the counted evaluators gave candidate c on criterion k
 *   (a derived criterion: the fit score below, the same for everyone).
 * - Weighted total T(c) = Σ_k w_k × m(c,k) / 100, on the 1-5 scale; w_k are the weights (sum 100).
 *   The breakdown lists each term w_k × m(c,k) / 100.
 * - Spread of criterion k for candidate c: max - min of the evaluators' scores; flagged at >= threshold (2).
 * - Robustness: for the first (A) and second (B) candidates, the weight x of ONE criterion k at which
 *   T(A) = T(B) when every other weight is rescaled proportionally so the weights still sum to 100
 *   (w_j' = w_j × (100 - x) / (100 - w_k)). With d_j = m(A,j) - m(B,j) and R = Σ_{j≠k} w_j d_j,
 *   x = -100 R / ((100 - w_k) d_k - R), kept when 0 <= x <= 100. The smallest |x - w_k| over k is the
 *   robustness figure: moving that weight that far makes them tie, any further swaps them.
 * - Per evaluator: the same totals from that evaluator's scores alone, ranked.
 * - Five-year TCO: the sum of the cost lines (decimal.js, no floats).
 */

/** Points a candidate's fit to one must-have need earns for a derived criterion (1-5 like a score). */
export const fitPoints: Record<FitLevel, number> = { outOfBox: 5, configured: 4, custom: 2, notMet: 1 };

export type ResultsInput = {
  candidates: { id: number; name: string }[];
  criteria: { id: number; name: string; weight: string; derived: boolean }[];
  /** The evaluators whose sheets count (submitted ones). */
  evaluators: { id: number; name: string }[];
  scores: { evaluatorId: number; candidateId: number; criterionId: number; score: number }[];
  /** The must-have needs linked to the selection (requirement ids) and each candidate's fit to them (missing = not met). */
  musts: number[];
  fits: { candidateId: number; requirementId: number; fit: FitLevel }[];
  costs: { candidateId: number; kind: CostKind; year: number; amount: string }[];
  spreadThreshold?: number;
};

export type Ranked = { candidateId: number; total: Rational; rank: number };

/** Competition ranking: equal totals share a rank (1, 1, 3); ties keep the candidates' order. */
function rank(totals: { candidateId: number; total: Rational }[]): Ranked[] {
  const sorted = [...totals].sort((a, b) => cmp(b.total, a.total));
  return sorted.map((t) => ({ ...t, rank: sorted.findIndex((s) => cmp(s.total, t.total) === 0) + 1 }));
}

/** A derived criterion's score of a candidate: the mean of fit points over the must-have needs (null: none linked). */
export function derivedScore(input: Pick<ResultsInput, 'musts' | 'fits'>, candidateId: number): Rational | null {
  if (input.musts.length === 0) return null;
  const fitOf = (req: number) => input.fits.find((f) => f.candidateId === candidateId && f.requirementId === req)?.fit ?? 'notMet';
  return div(sum(input.musts.map((r) => rat(fitPoints[fitOf(r)]))), rat(input.musts.length));
}

/** m(c,k) for the given evaluators' scores; null when nobody scored it. */
function meanOf(input: ResultsInput, evaluatorIds: number[], candidateId: number, criterion: ResultsInput['criteria'][number]): Rational | null {
  if (criterion.derived) return derivedScore(input, candidateId);
  const xs = input.scores.filter((s) => s.candidateId === candidateId && s.criterionId === criterion.id && evaluatorIds.includes(s.evaluatorId));
  return xs.length === 0 ? null : div(sum(xs.map((s) => rat(s.score))), rat(xs.length));
}

const weightOf = (c: { weight: string }) => parseDecimal(c.weight);
const HUNDRED = rat(100);

function totalsFor(input: ResultsInput, evaluatorIds: number[]) {
  return input.candidates.map((candidate) => {
    const breakdown = input.criteria.map((criterion) => {
      const mean = meanOf(input, evaluatorIds, candidate.id, criterion);
      const contribution = mean ? div(mul(weightOf(criterion), mean), HUNDRED) : ZERO;
      return { criterionId: criterion.id, weight: criterion.weight, mean, contribution };
    });
    return { candidateId: candidate.id, total: sum(breakdown.map((b) => b.contribution)), breakdown };
  });
}

export type WeightSwap = { criterionId: number; weight: string; tieAt: Rational; change: Rational };

/**
 * For the first two candidates, every criterion's tie weight (see the module comment), and the smallest
 * change. Means are the overall ones; a criterion nobody scored counts 0 for both.
 */
export function weightSwaps(
  criteria: ResultsInput['criteria'],
  meansA: (Rational | null)[],
  meansB: (Rational | null)[],
): { swaps: WeightSwap[]; smallest: WeightSwap | null } {
  const w = criteria.map(weightOf);
  const d = criteria.map((_, j) => sub(meansA[j] ?? ZERO, meansB[j] ?? ZERO));
  const all = sum(w.map((wj, j) => mul(wj, d[j]!)));
  const swaps: WeightSwap[] = [];
  criteria.forEach((criterion, k) => {
    const rest = sub(HUNDRED, w[k]!);
    if (rest.n === 0n) return; // the only weighted criterion: nothing to rescale
    // equal on this criterion: at weight 100 the others vanish and they tie, but no weight puts the second ahead
    if (d[k]!.n === 0n) return;
    const R = sub(all, mul(w[k]!, d[k]!));
    const denominator = sub(mul(rest, d[k]!), R);
    if (denominator.n === 0n) return; // this weight cannot make them tie
    const x = div(mul(rat(-100), R), denominator);
    if (cmp(x, ZERO) < 0 || cmp(x, HUNDRED) > 0) return;
    swaps.push({ criterionId: criterion.id, weight: criterion.weight, tieAt: x, change: sub(x, w[k]!) });
  });
  const smallest = swaps.reduce<WeightSwap | null>((best, s) => (!best || cmp(absR(s.change), absR(best.change)) < 0 ? s : best), null);
  return { swaps, smallest };
}

export function selectionResults(input: ResultsInput) {
  const threshold = input.spreadThreshold ?? 2;
  const everyone = input.evaluators.map((e) => e.id);
  const totals = totalsFor(input, everyone);
  const ranking = rank(totals);
  const byId = new Map(totals.map((t) => [t.candidateId, t]));

  const spreads = input.candidates.flatMap((candidate) =>
    input.criteria
      .filter((k) => !k.derived)
      .map((k) => {
        const xs = input.scores.filter((s) => s.candidateId === candidate.id && s.criterionId === k.id && everyone.includes(s.evaluatorId)).map((s) => s.score);
        const spread = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
        return {
          candidateId: candidate.id,
          criterionId: k.id,
          min: xs.length ? Math.min(...xs) : null,
          max: xs.length ? Math.max(...xs) : null,
          spread,
          flagged: spread >= threshold,
        };
      }),
  );

  const [first, second] = ranking;
  const robustness =
    first && second
      ? {
          firstId: first.candidateId,
          secondId: second.candidateId,
          gap: sub(first.total, second.total),
          ...weightSwaps(
            input.criteria,
            byId.get(first.candidateId)!.breakdown.map((b) => b.mean),
            byId.get(second.candidateId)!.breakdown.map((b) => b.mean),
          ),
        }
      : null;

  const perEvaluator = input.evaluators.map((e) => ({ evaluatorId: e.id, name: e.name, ranking: rank(totalsFor(input, [e.id])) }));

  const tco = input.candidates.map((candidate) => {
    const lines = input.costs.filter((c) => c.candidateId === candidate.id);
    const total = lines.reduce((s, c) => s.plus(c.amount), new Decimal(0));
    const byKind = Object.fromEntries(
      (['licences', 'implementation', 'internalStaff', 'support'] as const).map((kind) => [
        kind,
        lines
          .filter((c) => c.kind === kind)
          .reduce((s, c) => s.plus(c.amount), new Decimal(0))
          .toFixed(2),
      ]),
    ) as Record<CostKind, string>;
    const byYear = [1, 2, 3, 4, 5].map((year) =>
      lines
        .filter((c) => c.year === year)
        .reduce((s, c) => s.plus(c.amount), new Decimal(0))
        .toFixed(2),
    );
    return { candidateId: candidate.id, total: total.toFixed(2), byKind, byYear };
  });

  return { threshold, totals, ranking, spreads, robustness, perEvaluator, tco };
}
export type SelectionResults = ReturnType<typeof selectionResults>;

/** The figures as text for pages and the record (rounded half up to 2 places, with the exact value kept). */
export const shown = (r: Rational | null, places = 2) => (r === null ? '—' : toFixed(r, places));
export { toExact, toFixed };
