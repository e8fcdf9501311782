import DecimalJs from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { parallelRunLines, type VarianceLine } from '~/db/schema';
import { Decimal } from '~/engine';

const p = sql.placeholder;

/** A variance's size in cents, exactly (variances are written with two decimals). */
export const sizeInCents = (variance: string) => new Decimal(variance).abs().times(100).toNumber();

/**
 * Keeps a run's variance lines one row each beside the run, so its page reads one page of them, the
 * worst first, instead of the whole report. One statement prepared for all of them.
 */
export function storeVarianceLines(tx: Tx, runId: number, lines: VarianceLine[]) {
  const insert = tx
    .insert(parallelRunLines)
    .values({
      runId,
      participantId: p('participantId'),
      componentId: p('componentId'),
      legacy: p('legacy'),
      computed: p('computed'),
      variance: p('variance'),
      sizeCents: p('sizeCents'),
    })
    .prepare();
  for (const line of lines) insert.run({ ...line, sizeCents: sizeInCents(line.variance) });
}

/** Lines whose size in cents is above this are over the run's threshold (|variance| > threshold, exactly). */
export const overThresholdCents = (threshold: string) => new Decimal(threshold).times(100).floor().toNumber();

/**
 * Division truncated toward zero at 40 significant digits, so the one rounding is the explicit one:
 * a truncated quotient never crosses a half-way point the exact one has not reached.
 */
const Exact = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_DOWN });

/**
 * A line's variance as a percentage of what the legacy system paid: variance / legacy x 100, exact,
 * rounded once to 2 decimals, half away from zero (-12.345 reads -12.35). "n/a" when legacy paid 0
 * (no percentage of nothing). A percentage that rounds to zero reads 0.00, whatever its sign.
 */
export function variancePercent(variance: string, legacy: string): string {
  const base = new Exact(legacy);
  if (base.isZero()) return 'n/a';
  const pct = new Exact(variance).times(100).div(base).toDecimalPlaces(2, Exact.ROUND_HALF_UP);
  return pct.isZero() ? '0.00' : pct.toFixed(2);
}
