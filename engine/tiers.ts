/**
 * Rate tables: marginal, retroactive and interpolated, over tier boundaries already expressed in the
 * measure's units (an attainment table is converted by multiplying its boundaries by the quota).
 */
import { fmtMoney, fmtPct } from './decimal';
import type { Kit, Num } from './num';
import type { Tracer } from './trace';

export interface TierPoint {
  /** lower boundary in measure units */
  from: Num;
  rate: Num;
  /** a flat amount paid when the value falls in this tier (retroactive tables only), instead of the rate */
  amount?: Num | null;
  /** how the boundary reads to an analyst, e.g. "100% of quota (80,000.00)" */
  label: string;
}

export interface TableResult {
  pay: Num;
  /** 1-based tier reached (highest tier with a non-empty slice for marginal); 0 = none */
  tier: number;
  /** the rate of that tier, or the interpolated rate; null for a flat amount */
  rate: Num | null;
}

export function applyTable(
  K: Kit,
  method: 'marginal' | 'retroactive' | 'interpolated',
  boundary: 'higher' | 'lower',
  tiers: TierPoint[],
  x: Num,
  minorUnit: number,
  tr: Tracer | null,
  what = 'credit',
): TableResult {
  const first = tiers[0] as TierPoint;
  if (method === 'marginal') {
    let pay = K.ZERO;
    let reached = 0;
    let rate = K.ZERO;
    for (let i = 0; i < tiers.length; i++) {
      const t = tiers[i] as TierPoint;
      const next = tiers[i + 1];
      if (!x.gt(t.from)) break;
      const top = next ? K.min(x, next.from) : x;
      const slice = top.minus(t.from);
      const part = slice.times(t.rate);
      pay = pay.plus(part);
      reached = i + 1;
      rate = t.rate;
      if (tr) {
        tr.calc(
          `Tier ${i + 1} slice: ${what} from ${t.label} ${next ? `to ${next.label}` : 'upwards'} is ${fmtMoney(top, minorUnit)} - ${fmtMoney(t.from, minorUnit)} = ${fmtMoney(slice, minorUnit)}`,
          'sub',
          [top, t.from],
          slice,
        );
        // the tier the credit ends in (its last slice) is the tier the line reached
        const ends = !next || !x.gt(next.from);
        tr.add(
          `Tier ${i + 1} pays ${fmtMoney(slice, minorUnit)} x ${fmtPct(t.rate)} = ${fmtMoney(part, minorUnit)}`,
          'mul',
          [slice, t.rate],
          part,
          ends ? { table: 'tiers', tier: i + 1 } : undefined,
        );
      }
    }
    if (reached === 0 && tr)
      tr.note(`${fmtMoney(x, minorUnit)} does not exceed the first tier boundary ${first.label}: nothing pays`, { table: 'tiers', tier: 0 });
    return { pay, tier: reached, rate };
  }
  if (method === 'retroactive') {
    let k = -1;
    for (let i = 0; i < tiers.length; i++) {
      const t = tiers[i] as TierPoint;
      if (x.gt(t.from) || (boundary === 'higher' && x.eq(t.from))) k = i;
    }
    if (k === -1) {
      if (tr) tr.note(`${fmtMoney(x, minorUnit)} is below the first tier (${first.label}): nothing pays`, { table: 'tiers', tier: 0 });
      return { pay: K.ZERO, tier: 0, rate: K.ZERO };
    }
    const t = tiers[k] as TierPoint;
    if (t.amount) {
      // a flat amount: paid for a positive value only (a tier from 0 pays nothing on no credit)
      if (!x.gt(K.ZERO)) {
        if (tr) tr.note(`${fmtMoney(x, minorUnit)} is not above zero: a flat-amount tier pays nothing`, { table: 'tiers', tier: 0 });
        return { pay: K.ZERO, tier: 0, rate: null };
      }
      if (tr) {
        const onBoundary = tiers.find((q) => x.eq(q.from));
        if (onBoundary)
          tr.note(`${fmtMoney(x, minorUnit)} is exactly on the boundary ${onBoundary.label}; the plan's boundary rule "${boundary}" puts it in tier ${k + 1}`);
        tr.add(
          `Flat amount: ${what} ${fmtMoney(x, minorUnit)} falls in tier ${k + 1} (from ${t.label}${tiers[k + 1] ? ` to ${(tiers[k + 1] as TierPoint).label}` : ' upwards'}), which pays ${fmtMoney(t.amount, minorUnit)}`,
          'add',
          [K.ZERO, t.amount],
          t.amount,
          { table: 'tiers', tier: k + 1 },
        );
      }
      return { pay: t.amount, tier: k + 1, rate: null };
    }
    const pay = x.times(t.rate);
    if (tr) {
      const onBoundary = tiers.find((q) => x.eq(q.from));
      if (onBoundary)
        tr.note(`${fmtMoney(x, minorUnit)} is exactly on the boundary ${onBoundary.label}; the plan's boundary rule "${boundary}" puts it in tier ${k + 1}`);
      tr.add(
        `Retroactive: ${what} reaches tier ${k + 1} (from ${t.label}), so all of it pays ${fmtPct(t.rate)}: ${fmtMoney(x, minorUnit)} x ${fmtPct(t.rate)} = ${fmtMoney(pay, minorUnit)}`,
        'mul',
        [x, t.rate],
        pay,
        { table: 'tiers', tier: k + 1 },
      );
    }
    return { pay, tier: k + 1, rate: t.rate };
  }
  // interpolated
  if (x.lt(first.from) || x.lte(K.ZERO)) {
    if (tr) tr.note(`${fmtMoney(x, minorUnit)} is below the first point (${first.label}): nothing pays`, { table: 'tiers', tier: 0 });
    return { pay: K.ZERO, tier: 0, rate: K.ZERO };
  }
  let rate: Num;
  let k = tiers.length;
  const last = tiers[tiers.length - 1] as TierPoint;
  if (!x.lt(last.from)) {
    rate = last.rate;
    if (tr) tr.note(`${fmtMoney(x, minorUnit)} is at or beyond the last point (${last.label}): the rate is flat at ${fmtPct(rate)}`);
  } else {
    k = 1;
    while (k < tiers.length && !x.lt((tiers[k] as TierPoint).from)) k++;
    const a = tiers[k - 1] as TierPoint;
    const b = tiers[k] as TierPoint;
    const run = x.minus(a.from);
    const span = b.from.minus(a.from);
    const frac = run.div(span);
    const rise = b.rate.minus(a.rate);
    const extra = frac.times(rise);
    rate = a.rate.plus(extra);
    if (tr) {
      tr.calc(`Position past point ${k} (${a.label}): ${fmtMoney(x, minorUnit)} - ${fmtMoney(a.from, minorUnit)}`, 'sub', [x, a.from], run);
      tr.calc(`Width of the segment to point ${k + 1} (${b.label})`, 'sub', [b.from, a.from], span);
      tr.calc('Share of the segment covered', 'div', [run, span], frac);
      tr.calc(`Rate change over the segment: ${fmtPct(b.rate)} - ${fmtPct(a.rate)}`, 'sub', [b.rate, a.rate], rise);
      tr.calc('Rate change up to this point', 'mul', [frac, rise], extra);
      tr.calc(`Interpolated rate: ${fmtPct(a.rate)} + ${fmtPct(extra)} = ${fmtPct(rate)}`, 'add', [a.rate, extra], rate);
    }
  }
  const pay = x.times(rate);
  if (tr)
    tr.add(`All ${what} pays the interpolated rate: ${fmtMoney(x, minorUnit)} x ${fmtPct(rate)} = ${fmtMoney(pay, minorUnit)}`, 'mul', [x, rate], pay, {
      table: 'tiers',
      tier: k,
    });
  return { pay: K.max(pay, K.ZERO), tier: k, rate };
}
