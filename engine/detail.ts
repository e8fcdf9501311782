/**
 * Per-transaction detail of a payout line (`calculate(..., { options: { detail: true } })`, the
 * command line's `--detail`): the rows a line is made of, whose `amount`s add up exactly to the line.
 *
 * A rule first gives each row what it `earned`, exactly (no rounding):
 * - a table applied to transactions or to a period's credit: one row per credited transaction, in date
 *   order; a marginal table splits a transaction that straddles a tier boundary into one row per tier
 *   slice (the transactions fill the tiers in date order, so the slices add up to the table's pay);
 *   retroactive and interpolated tables pay each transaction at the rate the table applied;
 * - a period-to-date table also has a `paid_earlier` row: minus what earlier periods of the year paid;
 * - SPIFs and referrals: one row per qualifying transaction (units or amount x rate);
 * - a clawback line: a `clawback` row per cancelled transaction, minus what it takes back;
 * - a manual adjustment on a component's line: an `adjustment` row;
 * - lines not made of transactions (attainment bonus, MBO, total cap, draw, an adjustment of its own):
 *   one `period` row that earns the whole line.
 *
 * Then the line's final amount (after gate, cap, floor and the line's rounding) is allocated over the
 * rows in proportion to what they earned, in the smallest unit of the line (the currency's minor unit
 * when lines are rounded) by the largest-remainder method: each row gets its share rounded down, and the
 * units left over go one each to the rows with the largest remainders (the earlier row on a tie). So the
 * amounts of a line's rows add up to the line exactly. When the rows earned nothing in sum but the line
 * is not zero, one `period` row carries the line.
 */
import type { D } from './decimal';
import { D as Dec } from './decimal';

export type DetailKind = 'transaction' | 'paid_earlier' | 'clawback' | 'adjustment' | 'period';

/** A row before allocation: what the rule earned for it, exactly. */
export interface RawDetail {
  kind: DetailKind;
  transactionId: string;
  credit: D | null;
  /** 1-based tier of the rate table (0: below the first tier), if a table was used */
  tier: number | null;
  rate: D | null;
  earned: D;
}

/** A row of the detail: exact decimal strings; `amount` is this row's share of the line. */
export interface DetailRow {
  kind: DetailKind;
  transactionId: string;
  credit: string;
  tier: string;
  rate: string;
  earned: string;
  amount: string;
}

export interface Tier {
  from: D;
  rate: D;
}

/**
 * The slices of a marginal table's credit interval from `a` to `b` (b may be below a: a reversal, whose
 * slices are negative), one per tier it crosses; tier 0 is the part below the first tier (rate 0).
 */
export function marginalSlices(tiers: Tier[], a: D, b: D): { tier: number; rate: D; credit: D; earned: D }[] {
  const down = b.lt(a);
  const lo = down ? b : a;
  const hi = down ? a : b;
  const out: { tier: number; rate: D; credit: D; earned: D }[] = [];
  const zero = new Dec(0);
  for (let k = 0; k <= tiers.length; k++) {
    const segLo = k === 0 ? null : (tiers[k - 1] as Tier).from;
    const segHi = k < tiers.length ? (tiers[k] as Tier).from : null;
    const from = segLo === null ? lo : Dec.max(lo, segLo);
    const to = segHi === null ? hi : Dec.min(hi, segHi);
    if (!to.gt(from)) continue;
    const rate = k === 0 ? zero : (tiers[k - 1] as Tier).rate;
    const width = to.minus(from);
    const credit = down ? width.neg() : width;
    out.push({ tier: k, rate, credit, earned: credit.times(rate) });
  }
  if (out.length === 0) {
    // no width (a zero credit): the tier the position is in
    let k = 0;
    for (let i = 0; i < tiers.length; i++) if (a.gt((tiers[i] as Tier).from)) k = i + 1;
    out.push({ tier: k, rate: k === 0 ? zero : (tiers[k - 1] as Tier).rate, credit: zero, earned: zero });
  }
  return out;
}

/**
 * Allocates `total` over `weights` in proportion, in units of 10^-dp, by the largest-remainder method;
 * the result adds up to `total` exactly (which must be a whole number of units). Null when the weights
 * add up to zero (no proportion to follow).
 */
export function allocate(total: D, weights: D[], dp: number): D[] | null {
  let sum = new Dec(0);
  for (const w of weights) sum = sum.plus(w);
  if (sum.isZero()) return null;
  // A line kept to every digit (rounding at the total) has up to 40 significant digits after the
  // point: in units of its last digit it needs more digits than the engine's 40, so the split is
  // worked out at a precision that holds them all, and its parts still add up to the line exactly.
  const Wide = Dec.clone({ precision: Math.max(40, dp + total.abs().floor().toFixed().length + 20) });
  const scale = new Wide(10).pow(dp);
  const units = new Wide(total).times(scale);
  const floors: D[] = [];
  const rems: { i: number; r: D }[] = [];
  let given = new Wide(0);
  const wideSum = new Wide(sum);
  weights.forEach((w, i) => {
    const q = units.times(w).div(wideSum);
    const f = q.floor();
    floors.push(f);
    rems.push({ i, r: q.minus(f) });
    given = given.plus(f);
  });
  let left = units.minus(given).toNumber();
  rems.sort((x, y) => y.r.comparedTo(x.r) || x.i - y.i);
  // left is 0 .. n-1 (the remainders are each below one unit); the loop also copes with a division
  // carried at 40 digits landing a unit off
  for (let j = 0; left !== 0 && rems.length > 0; j = (j + 1) % rems.length) {
    const k = (rems[left > 0 ? j : rems.length - 1 - j] as { i: number }).i;
    floors[k] = (floors[k] as D).plus(left > 0 ? 1 : -1);
    left += left > 0 ? -1 : 1;
  }
  return floors.map((f) => new Dec(f.div(scale).toFixed()));
}

/** The detail rows of a line whose final amount is `amount`; `dp` is the unit of the line's rounding. */
export function detailRows(raw: RawDetail[], amount: D, dp: number | null, basis: D | null, tier: string | null, rate: D | null): DetailRow[] {
  const unit = dp ?? Math.max(0, amount.decimalPlaces());
  const rows = raw.slice();
  let shares =
    rows.length > 0
      ? allocate(
          amount,
          rows.map((r) => r.earned),
          unit,
        )
      : null;
  if (shares === null) {
    // nothing earned in sum (or no rows): the rows keep 0 and one period-level row carries the line
    if (rows.length === 0 || !amount.isZero())
      rows.push({ kind: 'period', transactionId: '', credit: basis, tier: tier === null ? null : Number(tier), rate, earned: amount });
    shares = rows.map((_, i) => (i === rows.length - 1 && (raw.length === 0 || !amount.isZero()) ? amount : new Dec(0)));
  }
  const fmt = (x: D) => (dp === null ? x.toFixed() : x.toFixed(Math.max(dp, x.decimalPlaces())));
  return rows.map((r, i) => ({
    kind: r.kind,
    transactionId: r.transactionId,
    credit: r.credit === null ? '' : r.credit.toFixed(),
    tier: r.tier === null ? '' : String(r.tier),
    rate: r.rate === null ? '' : r.rate.toFixed(),
    earned: r.earned.toFixed(),
    amount: fmt(shares[i] as D),
  }));
}
