import { fmtPct } from './decimal';
import type { Kit, Num } from './num';
import { memo } from './num';
import type { AttainmentBonus } from './plan';
import type { Tracer } from './trace';

type Pt = { attainment: Num; payout: Num; step: boolean };

function points(K: Kit, c: AttainmentBonus['curve']): Pt[] {
  return memo(K, c, () => c.map((p) => ({ attainment: K.of(p.attainment), payout: K.of(p.payout), step: p.step })));
}

/**
 * The segment of the curve attainment a lies in: index i of its end point (a lies from point i-1 up to
 * point i), or c.length when a is beyond the last point. A step point starts at exactly its attainment,
 * so a value on a step point belongs to the segment after it; a value on an ordinary point ends the
 * segment before it (the same value either way: the curve is continuous there).
 */
function segmentOf(c: Pt[], a: Num): number {
  for (let i = 1; i < c.length; i++) {
    const q = c[i] as Pt;
    if (q.step ? a.lt(q.attainment) : a.lte(q.attainment)) return i;
  }
  return c.length;
}

/** Beyond the last point with beyondLast "extend_slope": the last segment's straight line, continued (never below 0). */
function extended(K: Kit, c: Pt[], a: Num): { v: Num; run: Num; span: Num; frac: Num; rise: Num; extra: Num } {
  const p = c[c.length - 2] as Pt;
  const q = c[c.length - 1] as Pt;
  const run = a.minus(q.attainment);
  const span = q.attainment.minus(p.attainment);
  const frac = run.div(span);
  const rise = q.payout.minus(p.payout);
  const extra = frac.times(rise);
  return { v: K.max(q.payout.plus(extra), K.ZERO), run, span, frac, rise, extra };
}

function curveAt(K: Kit, comp: AttainmentBonus, a: Num): Num {
  const c = points(K, comp.curve);
  const first = c[0] as Pt;
  if (a.lt(first.attainment)) return K.ZERO;
  const i = segmentOf(c, a);
  if (i === c.length) return comp.beyondLast === 'extend_slope' ? extended(K, c, a).v : (c[c.length - 1] as Pt).payout;
  const p = c[i - 1] as Pt;
  const q = c[i] as Pt;
  if (q.step) return p.payout;
  return p.payout.plus(a.minus(p.attainment).div(q.attainment.minus(p.attainment)).times(q.payout.minus(p.payout)));
}

/** Explained curve value at attainment a (adds no delta: the caller multiplies by the target). */
function curveExplained(K: Kit, comp: AttainmentBonus, a: Num, tr: Tracer | null, label: string): Num {
  const c = points(K, comp.curve);
  const first = c[0] as Pt;
  if (a.lt(first.attainment)) {
    if (tr) tr.note(`${label}: ${fmtPct(a)} is below the first curve point ${fmtPct(first.attainment)}, so the curve gives 0%`, { table: 'curve', tier: 0 });
    return K.ZERO;
  }
  const i = segmentOf(c, a);
  if (i < c.length) {
    const p = c[i - 1] as Pt;
    const q = c[i] as Pt;
    if (q.step) {
      if (tr)
        tr.note(`${label}: ${fmtPct(a)} is below the step at ${fmtPct(q.attainment)}; from ${fmtPct(p.attainment)} the curve stays at ${fmtPct(p.payout)}`, {
          table: 'curve',
          tier: i,
        });
      return p.payout;
    }
    const run = a.minus(p.attainment);
    const span = q.attainment.minus(p.attainment);
    const frac = run.div(span);
    const rise = q.payout.minus(p.payout);
    const extra = frac.times(rise);
    const v = p.payout.plus(extra);
    if (tr) {
      if (p.step && a.eq(p.attainment)) tr.note(`${label}: ${fmtPct(a)} is exactly on the step at ${fmtPct(p.attainment)}, which pays from there`);
      tr.calc(`${label}: attainment past the point ${fmtPct(p.attainment)}`, 'sub', [a, p.attainment], run);
      tr.calc(`${label}: segment width to ${fmtPct(q.attainment)}`, 'sub', [q.attainment, p.attainment], span);
      tr.calc(`${label}: share of the segment`, 'div', [run, span], frac);
      tr.calc(`${label}: payout rise over the segment ${fmtPct(p.payout)} to ${fmtPct(q.payout)}`, 'sub', [q.payout, p.payout], rise);
      tr.calc(`${label}: rise up to this attainment`, 'mul', [frac, rise], extra);
      tr.calc(`${label}: curve gives ${fmtPct(p.payout)} + ${fmtPct(extra)} = ${fmtPct(v)}`, 'add', [p.payout, extra], v, { table: 'curve', tier: i });
    }
    return v;
  }
  const last = c[c.length - 1] as Pt;
  if (comp.beyondLast === 'extend_slope') {
    const x = extended(K, c, a);
    if (tr) {
      const prev = c[c.length - 2] as Pt;
      tr.calc(`${label}: attainment past the last point ${fmtPct(last.attainment)} (the plan extends the last slope)`, 'sub', [a, last.attainment], x.run);
      tr.calc(`${label}: width of the last segment from ${fmtPct(prev.attainment)}`, 'sub', [last.attainment, prev.attainment], x.span);
      tr.calc(`${label}: beyond the last point, in widths of the last segment`, 'div', [x.run, x.span], x.frac);
      tr.calc(`${label}: payout rise over the last segment ${fmtPct(prev.payout)} to ${fmtPct(last.payout)}`, 'sub', [last.payout, prev.payout], x.rise);
      tr.calc(`${label}: rise beyond the last point`, 'mul', [x.frac, x.rise], x.extra);
      tr.calc(`${label}: curve gives ${fmtPct(last.payout)} + ${fmtPct(x.extra)} = ${fmtPct(x.v)} (never below 0%)`, 'add', [last.payout, x.extra], x.v, {
        table: 'curve',
        tier: c.length,
      });
    }
    return x.v;
  }
  const v = last.payout;
  if (tr) tr.note(`${label}: ${fmtPct(a)} is beyond the last curve point; the curve is flat at ${fmtPct(v)}`, { table: 'curve', tier: c.length });
  return v;
}

/** Payout as a fraction of the component target at attainment a. */
export function payoutFraction(K: Kit, comp: AttainmentBonus, a: Num, tr: Tracer | null): Num {
  if (a.lt(K.of(comp.threshold))) {
    if (tr) tr.note(`Attainment ${fmtPct(a)} is below the threshold ${fmtPct(comp.threshold)}: nothing pays`, { table: 'curve', tier: 0 });
    return K.ZERO;
  }
  const base: Num = tr ? curveExplained(K, comp, a, tr, `Curve at ${fmtPct(a)}`) : curveAt(K, comp, a);
  let v = base;
  // band ends are plan constants: their curve values are computed once per plan (and kind of number)
  const bands = memo(K, comp.bands, () =>
    comp.bands.map((band) => {
      const from = K.of(band.from);
      const to = band.to === null ? null : K.of(band.to);
      const multiplier = K.of(band.multiplier);
      return { from, to, multiplier, m1: multiplier.minus(K.ONE), atFrom: curveAt(K, comp, from), atTo: to === null ? null : curveAt(K, comp, to) };
    }),
  );
  for (const b of bands) {
    if (!a.gt(b.from)) continue;
    // the curve at min(a, to): at a it is the base value already computed
    const hi = b.to === null || a.lte(b.to) ? base : (b.atTo as Num);
    const lo = b.atFrom;
    const gain = hi.minus(lo);
    const m1 = b.m1;
    const extra = m1.times(gain);
    const nv = v.plus(extra);
    if (tr) {
      const kind = b.multiplier.gt(K.ONE) ? 'Accelerator' : b.multiplier.lt(K.ONE) ? 'Decelerator' : 'Band';
      tr.calc(
        `${kind} band ${fmtPct(b.from)} to ${b.to === null ? 'no limit' : fmtPct(b.to)} (x${b.multiplier.toFixed()}): curve gain inside the band is ${fmtPct(hi)} - ${fmtPct(lo)}`,
        'sub',
        [hi, lo],
        gain,
      );
      tr.calc(`${kind}: extra payout = (${b.multiplier.toFixed()} - 1) x ${fmtPct(gain)}`, 'mul', [m1, gain], extra);
      tr.calc(`Payout after the band: ${fmtPct(v)} + ${fmtPct(extra)} = ${fmtPct(nv)}`, 'add', [v, extra], nv);
    }
    v = nv;
  }
  return v;
}
