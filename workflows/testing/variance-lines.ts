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
