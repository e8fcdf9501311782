/**
 * The results of a modeling run (issue 13): what a plan costs on a dataset and whom it pays how much,
 * computed from the engine's own output on the full dataset, exactly (decimal.js), with no sampling.
 *
 * The engine is run once with `facts` (engine/calculate.ts): its lines and totals give the money; its
 * facts give what the rules used (period target incentive, credit and quota per measure, which caps
 * reduced a line). Nothing here recalculates a payout.
 *
 * Rounding: money figures are exact sums of the engine's amounts, written with the plan's minor unit;
 * percentages and ratios are rounded half-up to 2 decimals, attainments (fractions) half-up to 4
 * decimals, and only for display: every comparison and sort uses the exact values.
 *
 * Cost: one engine run, then O(n log n) in participants (two sorts) and O(lines) otherwise.
 */
import type { CompiledPlan, LoadedInputs, ParticipantFacts, PayoutLine } from '~/engine';
import { calculate, Decimal, loadInputs } from '~/engine';
import type { EngineProblem, PayoutDataset } from '~/workflows/testing/engine-run';

type Dec = InstanceType<typeof Decimal>;

/** A figure and the one sentence that says how it is computed. */
export type Figure<T> = { value: T; rule: string };

export interface ModelingOptions {
  /** the measure whose credit is "revenue" (cost of sales, attainment); default: the plan's first `amount` measure */
  revenueMeasure?: string;
  /** histogram bin width as a fraction (default 0.1 = 10 %) and the upper end of the last regular bin (default 2 = 200 %) */
  histogram?: { binWidth?: string; upTo?: string };
}

export interface TierCount {
  componentId: string;
  /** 0 = below the first tier (or the curve's threshold / first point); k = the k-th tier or curve segment reached */
  tier: number;
  count: number;
}

export interface HistogramBin {
  /** lower bound, inclusive, as a fraction */
  from: string;
  /** upper bound, exclusive; null for the overflow bin */
  to: string | null;
  count: number;
}

export interface PayCurvePoint {
  participantId: string;
  /** revenue measure attainment as a fraction, 4 decimals; null without a quota */
  attainment: string | null;
  /** payout as a percentage of target incentive, 2 decimals; null when the target incentive is 0 */
  payoutPct: string | null;
  /** the participant's payout over the run, exactly (the plan's minor unit) */
  payout: string;
  role: string;
}

export interface ModelingResults {
  period: string;
  currency: string;
  revenueMeasure: string;
  participants: Figure<number>;
  totalCost: Figure<string>;
  costByComponent: Figure<{ componentId: string; amount: string }[]>;
  costByRole: Figure<{ role: string; participants: number; amount: string }[]>;
  creditedRevenue: Figure<string>;
  costOfSales: Figure<string | null>;
  averagePayoutPct: Figure<string | null>;
  medianPayoutPct: Figure<string | null>;
  differentiation: Figure<{
    p10: string | null;
    p50: string | null;
    p90: string | null;
    topDecileOverMedian: string | null;
    medianOverBottomDecile: string | null;
  }>;
  underThreshold: Figure<{ componentId: string; count: number }[]>;
  tierCounts: Figure<TierCount[]>;
  atCap: Figure<{ componentId: string; count: number }[]>;
  attainmentHistogram: Figure<{ bins: HistogramBin[]; noQuota: number }>;
  payCurve: Figure<PayCurvePoint[]>;
}

export type ModelingOutcome = { ok: true; results: ModelingResults } | { ok: false; problems: EngineProblem[] };

const ZERO = new Decimal(0);
const HUNDRED = new Decimal(100);
const pct2 = (x: Dec) => x.times(HUNDRED).toFixed(2, Decimal.ROUND_HALF_UP);
const ratio2 = (x: Dec) => x.toFixed(2, Decimal.ROUND_HALF_UP);
const frac4 = (x: Dec) => x.toFixed(4, Decimal.ROUND_HALF_UP);

/** Nearest-rank percentile of an ascending list: the value at 1-based rank ceil(p x n). */
export function nearestRank<T>(sorted: T[], p: number): T | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1] as T;
}

/** Median of an ascending list: the middle value, or the mean of the two middle values when n is even. */
export function median(sorted: Dec[]): Dec | null {
  const n = sorted.length;
  if (n === 0) return null;
  const hi = sorted[Math.floor(n / 2)] as Dec;
  return n % 2 === 1 ? hi : (sorted[n / 2 - 1] as Dec).plus(hi).div(2);
}

/** Runs the engine on the plan and dataset and computes the modeling results. */
export function modelingResults(planDocument: string, dataset: PayoutDataset, options: ModelingOptions = {}): ModelingOutcome {
  const loaded = loadInputs({
    plans: [{ name: 'plan.json', text: planDocument }],
    participants: { name: 'participants', text: dataset.participantsCsv },
    quotas: { name: 'quotas', text: dataset.quotasCsv },
    transactions: { name: 'transactions', text: dataset.transactionsCsv },
    period: dataset.period,
  });
  if (!loaded.ok) return { ok: false, problems: loaded.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })) };
  return resultsOfLoaded(loaded.value, dataset.period, options);
}

/** The plan of a modeling run and the engine's run of it (with facts), or the problems. */
function engineRun(loaded: LoadedInputs, options: ModelingOptions) {
  const plans = [...loaded.plans.values()];
  const plan = plans[0];
  if (!plan || plans.length !== 1) return { ok: false as const, problems: [{ file: 'plan.json', line: 0, message: 'a modeling run takes exactly one plan' }] };
  const revenueMeasure = options.revenueMeasure ?? plan.measures.find((m) => m.source === 'amount')?.id ?? plan.measures[0]?.id;
  if (!revenueMeasure || !plan.measures.some((m) => m.id === revenueMeasure))
    return {
      ok: false as const,
      problems: [{ file: 'plan.json', line: 0, message: `the plan has no measure "${options.revenueMeasure ?? ''}" to take as revenue` }],
    };
  const run = calculate({ ...loaded, options: { explain: false, facts: true } });
  if (!run.ok) return { ok: false as const, problems: run.errors.map((message) => ({ file: 'calculation', line: 0, message })) };
  return { ok: true as const, plan, revenueMeasure, run: run.value };
}

/** The modeling results of inputs already loaded and checked (workflows/modeling/runner.ts keeps them parsed). */
export function resultsOfLoaded(loaded: LoadedInputs, period: string, options: ModelingOptions = {}): ModelingOutcome {
  const r = engineRun(loaded, options);
  if (!r.ok) return r;
  const roles = new Map<string, string>();
  for (const a of loaded.participants.assignments) roles.set(a.participantId, a.role);
  return {
    ok: true,
    results: summarize({
      plan: r.plan,
      period,
      revenueMeasure: r.revenueMeasure,
      lines: r.run.lines,
      totals: r.run.totals,
      facts: r.run.facts ?? [],
      roles,
      options,
    }),
  };
}

export type CostFigures = Pick<ModelingResults, 'currency' | 'totalCost' | 'creditedRevenue' | 'costOfSales'>;
export type CostOutcome = { ok: true; figures: CostFigures } | { ok: false; problems: EngineProblem[] };

/** Only the cost figures of a run (a sweep's step): the same engine run, without the per-participant figures. */
export function costOfLoaded(loaded: LoadedInputs, options: ModelingOptions = {}): CostOutcome {
  const r = engineRun(loaded, options);
  if (!r.ok) return r;
  return { ok: true, figures: { currency: r.plan.currency, ...costFigures(r.plan, r.revenueMeasure, r.run.totals, r.run.facts ?? []) } };
}

/**
 * Total incentive cost, credited revenue and cost of sales: the figures a sensitivity sweep charts, one
 * definition for the sweep and the full results (summarize uses it too).
 */
export function costFigures(plan: CompiledPlan, revenueMeasure: string, totals: { amount: string }[], facts: ParticipantFacts[]) {
  let totalCost = ZERO;
  for (const t of totals) totalCost = totalCost.plus(t.amount);
  let revenue = ZERO;
  for (const f of facts) {
    const m = f.measures.find((x) => x.measure === revenueMeasure);
    if (m) revenue = revenue.plus(m.credit);
  }
  const figures: Pick<ModelingResults, 'totalCost' | 'creditedRevenue' | 'costOfSales'> = {
    totalCost: {
      value: totalCost.toFixed(plan.minorUnit),
      rule: "The exact sum of the engine's participant totals for the run (after caps, rounded as the plan says), which equals the sum of its lines.",
    },
    creditedRevenue: {
      value: revenue.toFixed(plan.minorUnit),
      rule: `The exact sum, over participants and periods, of the credit of measure ${revenueMeasure} the engine used (after splits, roll-ups and filters).`,
    },
    costOfSales: {
      value: revenue.isZero() ? null : pct2(totalCost.div(revenue)),
      rule: 'Total incentive cost / credited revenue, as a percentage rounded half-up to 2 decimals; none when revenue is 0.',
    },
  };
  return figures;
}

interface Person {
  id: string;
  role: string;
  payout: Dec;
  ti: Dec;
  credit: Dec;
  quota: Dec | null;
  /** payout / target incentive (fraction), null when the target incentive is 0 */
  share: Dec | null;
  attainment: Dec | null;
}

/** The figures from the engine's lines, totals and facts of one plan (pure; exported for tests). */
export function summarize(input: {
  plan: CompiledPlan;
  period: string;
  revenueMeasure: string;
  lines: PayoutLine[];
  totals: { participantId: string; amount: string }[];
  facts: ParticipantFacts[];
  roles: Map<string, string>;
  options?: ModelingOptions;
}): ModelingResults {
  const { plan, revenueMeasure, lines, totals, facts, roles } = input;
  const dp = plan.minorUnit;
  const money = (x: Dec) => x.toFixed(dp);

  // participants, in the order the engine first reports them
  const people = new Map<string, Person>();
  const person = (id: string): Person => {
    let p = people.get(id);
    if (!p) {
      p = { id, role: roles.get(id) ?? '', payout: ZERO, ti: ZERO, credit: ZERO, quota: null, share: null, attainment: null };
      people.set(id, p);
    }
    return p;
  };
  for (const f of facts) {
    const p = person(f.participantId);
    p.ti = p.ti.plus(f.targetIncentive);
    const m = f.measures.find((x) => x.measure === revenueMeasure);
    if (m) {
      p.credit = p.credit.plus(m.credit);
      if (m.quota !== null) p.quota = (p.quota ?? ZERO).plus(m.quota);
    }
  }
  for (const t of totals) {
    const p = person(t.participantId);
    p.payout = p.payout.plus(t.amount);
  }
  const figures = costFigures(plan, revenueMeasure, totals, facts);
  const list = [...people.values()];
  for (const p of list) {
    p.share = p.ti.isZero() ? null : p.payout.div(p.ti);
    p.attainment = p.quota === null || p.quota.isZero() ? null : p.credit.div(p.quota);
  }

  // cost per component (engine lines, including total_cap, draw and adjustment lines) and per role
  const byComponent = new Map<string, Dec>();
  for (const c of plan.components) byComponent.set(c.id, ZERO);
  for (const l of lines) byComponent.set(l.componentId, (byComponent.get(l.componentId) ?? ZERO).plus(l.amount));
  const byRole = new Map<string, { n: number; amount: Dec }>();
  for (const p of list) {
    const r = byRole.get(p.role) ?? { n: 0, amount: ZERO };
    r.n++;
    r.amount = r.amount.plus(p.payout);
    byRole.set(p.role, r);
  }

  // shares of target incentive, sorted (exact values)
  const shares = list
    .map((p) => p.share)
    .filter((s): s is Dec => s !== null)
    .sort((a, b) => a.cmp(b));
  let shareSum = ZERO;
  for (const s of shares) shareSum = shareSum.plus(s);
  const med = median(shares);
  const p10 = nearestRank(shares, 10);
  const p50 = nearestRank(shares, 50);
  const p90 = nearestRank(shares, 90);
  const over = (a: Dec | null, b: Dec | null) => (a === null || b === null || b.isZero() ? null : ratio2(a.div(b)));

  // threshold, tiers and caps, per engine line of a rate table or attainment bonus
  const comps = new Map(plan.components.map((c) => [c.id, c]));
  const under = new Map<string, number>();
  const tiers = new Map<string, Map<number, number>>();
  for (const c of plan.components) {
    if (c.type !== 'rate_table' && c.type !== 'attainment_bonus') continue;
    under.set(c.id, 0);
    const m = new Map<number, number>();
    const n = c.type === 'rate_table' ? c.tiers.length : c.curve.length;
    for (let k = 0; k <= n; k++) m.set(k, 0);
    tiers.set(c.id, m);
  }
  for (const l of lines) {
    const c = comps.get(l.componentId);
    if (!c || (c.type !== 'rate_table' && c.type !== 'attainment_bonus')) continue;
    let tier: number;
    let paying: boolean;
    if (c.type === 'rate_table') {
      tier = Number(l.tier ?? '0');
      // the first paying tier is the first with a positive rate (a 0 % first tier pays nothing)
      const firstPaying = c.tiers.findIndex((t) => (t.amount ?? t.rate).gt(0)) + 1;
      paying = firstPaying > 0 && tier >= firstPaying;
    } else {
      const att = new Decimal(l.attainment ?? '0');
      const first = c.curve[0] as { attainment: Dec };
      const floor = Decimal.max(c.threshold, first.attainment);
      tier = 0;
      if (att.gte(floor)) for (const pt of c.curve) if (att.gte(pt.attainment)) tier++;
      paying = tier > 0;
    }
    const m = tiers.get(c.id) as Map<number, number>;
    m.set(tier, (m.get(tier) ?? 0) + 1);
    if (!paying) under.set(c.id, (under.get(c.id) ?? 0) + 1);
  }
  const capCounts = new Map<string, number>();
  for (const c of plan.components) if (c.cap) capCounts.set(c.id, 0);
  if (plan.totalCap) capCounts.set('total_cap', 0);
  for (const f of facts) for (const id of f.capped) capCounts.set(id, (capCounts.get(id) ?? 0) + 1);

  // attainment histogram
  const width = new Decimal(input.options?.histogram?.binWidth ?? '0.1');
  const upTo = new Decimal(input.options?.histogram?.upTo ?? '2');
  if (!width.gt(0) || !upTo.gt(0) || !upTo.div(width).isInteger() || upTo.div(width).gt(1000))
    throw new Error('histogram: the bin width must be positive and divide the upper end into at most 1,000 bins');
  const nBins = upTo.div(width).toNumber();
  const counts = new Array<number>(nBins + 1).fill(0);
  let noQuota = 0;
  for (const p of list) {
    if (p.attainment === null) {
      noQuota++;
      continue;
    }
    const i = p.attainment.gte(upTo) ? nBins : Math.max(0, p.attainment.div(width).floor().toNumber());
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const bins: HistogramBin[] = counts.map((count, i) => ({
    from: width.times(i).toFixed(),
    to: i === nBins ? null : width.times(i + 1).toFixed(),
    count,
  }));

  const wPct = width.times(HUNDRED).toFixed();
  const upPct = upTo.times(HUNDRED).toFixed();
  return {
    period: input.period,
    currency: plan.currency,
    revenueMeasure,
    participants: { value: list.length, rule: 'Participants with at least one engine line or total in the run.' },
    totalCost: figures.totalCost,
    costByComponent: {
      value: [...byComponent].map(([componentId, amount]) => ({ componentId, amount: money(amount) })),
      rule: "The exact sum of the engine's lines per component, in plan order, then any engine lines of its own (total_cap, draw, adjustments).",
    },
    costByRole: {
      value: [...byRole].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([role, r]) => ({ role, participants: r.n, amount: money(r.amount) })),
      rule: "The exact sum of the engine's participant totals per role of the participants file (a participant's role is that of its last row).",
    },
    creditedRevenue: figures.creditedRevenue,
    costOfSales: figures.costOfSales,
    averagePayoutPct: {
      value: shares.length === 0 ? null : pct2(shareSum.div(shares.length)),
      rule: "The mean of each participant's payout / period target incentive, as a percentage rounded half-up to 2 decimals; participants with a target of 0 are left out.",
    },
    medianPayoutPct: {
      value: med === null ? null : pct2(med),
      rule: "The median of each participant's payout / target incentive (the mean of the two middle values when the count is even), as a percentage rounded half-up to 2 decimals.",
    },
    differentiation: {
      value: {
        p10: p10 === null ? null : pct2(p10),
        p50: p50 === null ? null : pct2(p50),
        p90: p90 === null ? null : pct2(p90),
        topDecileOverMedian: over(p90, p50),
        medianOverBottomDecile: over(p50, p10),
      },
      rule: 'With payouts as a share of target incentive sorted ascending, the p-th percentile is the value at rank ceil(p x n / 100) (nearest rank); the ratios are P90 / P50 and P50 / P10, rounded half-up to 2 decimals, none when the divisor is 0.',
    },
    underThreshold: {
      value: [...under].map(([componentId, count]) => ({ componentId, count })),
      rule: "Per rate table or bonus, the participant-period lines paid nothing by their rule: a rate table below its first tier with a positive rate, a curve below its threshold or first point (the engine's tier and attainment).",
    },
    tierCounts: {
      value: [...tiers].flatMap(([componentId, m]) => [...m].map(([tier, count]) => ({ componentId, tier, count }))),
      rule: 'Per rate table, the lines by the tier the engine reports reached (0 below the first); per curve, by the segment the attainment reached (0 below the threshold or first point, k from point k, n at or beyond the last).',
    },
    atCap: {
      value: [...capCounts].map(([componentId, count]) => ({ componentId, count })),
      rule: "The participant-period lines the engine reduced to a component's cap, and (total_cap) the participant-periods whose total cap applied.",
    },
    attainmentHistogram: {
      value: { bins, noQuota },
      rule: `Participants by ${revenueMeasure} attainment (credit / quota over the run), in bins ${wPct} % wide from 0 to ${upPct} % (lower bound included, negatives in the first bin) and one bin from ${upPct} % up; those without a quota are counted apart.`,
    },
    payCurve: {
      value: list.map((p) => ({
        participantId: p.id,
        attainment: p.attainment === null ? null : frac4(p.attainment),
        payoutPct: p.share === null ? null : pct2(p.share),
        payout: money(p.payout),
        role: p.role,
      })),
      rule: `One point per participant: ${revenueMeasure} attainment (fraction, half-up to 4 decimals) against payout as a percentage of target incentive (half-up to 2 decimals).`,
    },
  };
}
