/**
 * The float-integer limit of issue 15, kept only as a yardstick for `npm run bench:engine`
 * (calc_ratio = the engine's calculation over this loop's time, on the same parsed table, in the
 * same run). It does the job DuckDB does in scripts/duckdb-commission.mjs, as fast as JavaScript
 * allows: each payee's bookings credit per quarter summed as integers held in doubles, then three
 * marginal tiers on attainment and the cap. Nothing else: no period-to-date true-up, no bonus, SPIF
 * or total cap, no explanation, no checks (the engine does all of that).
 *
 * Exact where it is used: amounts are whole cents and shares have four decimals (the engine's own
 * fast-path guard; commissionLimit refuses other data), so a credit is an integer of 1e-4 cents and a
 * tier's pay an integer of 1e-8 cents; the loop refuses a payee whose pay would pass 2^53. The bench
 * checks its result against the engine's.
 */
import type { Period } from '../engine/dates';
import type { D } from '../engine/decimal';
import type { ParticipantTable, Quotas } from '../engine/inputs';
import type { CompiledPlan } from '../engine/plan';
import type { TransactionTable } from '../engine/transaction-table';

export interface LimitPlan {
  /** the component it pays */
  id: string;
  /** the measure's transaction types, by name */
  types: Set<string>;
  measure: string;
  /** tier starts as shares of quota and their rates, both as integers of 1e-4 */
  tiers: { from: number; rate: number }[];
  /** the cap as a share of the quarter's target incentive (annual / 4), in 1e-4 */
  capShare: number;
}

/** a share or rate as an integer of 1e-4, refused when it has more decimals */
function tenThousandths(d: D, what: string): number {
  const v = d.times(10000);
  if (!v.isInteger()) throw new Error(`${what} ${d.toFixed()} has more than four decimals`);
  return v.toNumber();
}

/**
 * The limit's reading of a plan's first component: a marginal rate table on quarterly attainment of
 * an amount measure filtered by type only, capped at a share of an annual target incentive. Anything
 * else is refused with the reason: the yardstick does one job.
 */
export function limitPlanOf(plan: CompiledPlan): LimitPlan {
  const c = plan.components[0];
  if (c?.type !== 'rate_table' || c.method !== 'marginal' || c.basis !== 'attainment' || c.pays !== 'rate')
    throw new Error('the limit loop needs a marginal rate table on attainment first');
  const m = plan.measures.find((x) => x.id === c.measure);
  const byTypeOnly = m?.filter.types && !m.filter.products && m.filter.dateFrom === null && m.filter.dateTo === null;
  if (m?.source !== 'amount' || m.shareBasis !== 'credit' || !byTypeOnly)
    throw new Error(`the limit loop needs measure ${c.measure} on amounts, credit shares, filtered by type only`);
  if (plan.periodKind !== 'quarter' || plan.targetIncentiveBasis !== 'annual' || c.cap?.kind !== 'share_of_target_incentive')
    throw new Error('the limit loop needs quarters, an annual target incentive and a cap as a share of it');
  return {
    id: c.id,
    types: m.filter.types as Set<string>,
    measure: m.id,
    tiers: c.tiers.map((t) => ({ from: tenThousandths(t.from, 'tier start'), rate: tenThousandths(t.rate, 'rate') })),
    capShare: tenThousandths(c.cap.share, 'cap share'),
  };
}

/** commission in cents per quarter of `periods` (in order) and participant index; NaN where no quota */
export function commissionLimit(t: TransactionTable, P: ParticipantTable, quotas: Quotas, plan: LimitPlan, periods: Period[]): Float64Array[] {
  if (!t.allWholeCents || !t.allShares4dp) throw new Error('the limit loop needs whole cents and four-decimal shares');
  const np = P.ids.length;
  const typeOk = new Uint8Array(t.types.length);
  t.types.forEach((name, i) => {
    typeOk[i] = plan.types.has(name) ? 1 : 0;
  });
  // credit per quarter and participant, in 1e-4 cents (cents x share in 1e-4)
  const credit = periods.map(() => new Float64Array(np));
  const starts = periods.map((p) => p.start);
  const ends = periods.map((p) => p.end);
  const { offsets, members, credit: shares } = t.splits;
  for (let i = 0; i < t.count; i++) {
    if (typeOk[t.type[i] as number] === 0 || (t.status[i] as number) > 1) continue;
    const day = t.date[i] as number;
    let q = -1;
    for (let k = 0; k < starts.length; k++) if (day >= (starts[k] as number) && day <= (ends[k] as number)) q = k;
    if (q === -1) continue;
    const sums = credit[q] as Float64Array;
    const cents = (t.amount[i] as number) / 10000;
    const s = t.split[i] as number;
    if (s === -1) {
      const k = t.participant[i] as number;
      sums[k] = (sums[k] as number) + cents * 10000;
    } else
      for (let j = offsets[s] as number; j < (offsets[s + 1] as number); j++) {
        const k = members[j] as number;
        sums[k] = (sums[k] as number) + (cents * (shares[j] as number)) / 100;
      }
  }
  const out = periods.map(() => new Float64Array(np).fill(Number.NaN));
  for (let q = 0; q < periods.length; q++) {
    const sums = credit[q] as Float64Array;
    const label = (periods[q] as Period).label;
    const res = out[q] as Float64Array;
    for (let k = 0; k < np; k++) {
      const quota = quotas.text(k, plan.measure, label);
      const a = P.byParticipant[k]?.[0];
      if (quota === undefined || a === undefined) continue;
      // a double x 100 rounds to the whole cents exactly while there are at most two decimals
      const dot = quota.indexOf('.');
      if ((dot !== -1 && quota.length - dot > 3) || a.targetIncentive.decimalPlaces() > 2) throw new Error(`${P.ids[k]}: quota or target beyond cents`);
      const quotaCents = Math.round(Number(quota) * 100);
      const x = sums[k] as number;
      // pay in 1e-8 cents: each slice (1e-4 cents, between tier starts of quota x 1e-4) times its rate (1e-4)
      let pay = 0;
      for (let j = 0; j < plan.tiers.length; j++) {
        const from = quotaCents * (plan.tiers[j] as { from: number }).from;
        const next = plan.tiers[j + 1];
        const top = next ? Math.min(x, quotaCents * next.from) : x;
        if (top > from) pay += (top - from) * (plan.tiers[j] as { rate: number }).rate;
      }
      if (pay > Number.MAX_SAFE_INTEGER) throw new Error(`${P.ids[k]}: pay beyond the limit loop's exact range`);
      // the cap in 1e-8 cents: the quarter's target incentive (annual / 4, cents) x share (1e-4)
      const ti = Math.round(a.targetIncentive.toNumber() * 100);
      const cap = (ti * plan.capShare * 1e4) / 4;
      if (cap < pay) pay = cap;
      // half-up to whole cents (pay is never negative here)
      res[k] = Math.floor((pay + 5e7) / 1e8);
    }
  }
  return out;
}
