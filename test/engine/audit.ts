/** Re-does explain traces: every stated calc from its arguments, and the deltas re-added. */

import type { Calc, CalculateResult, Explain } from '../../engine/index';
import { Decimal } from '../../engine/index';

function redo(c: Calc): string {
  const a = c.args.map((x) => new Decimal(x));
  const [x = new Decimal(0), y = new Decimal(0)] = a;
  switch (c.op) {
    case 'add':
      return a.reduce((s, v) => s.plus(v), new Decimal(0)).toFixed();
    case 'sub':
      return x.minus(y).toFixed();
    case 'mul':
      return a.reduce((s, v) => s.times(v), new Decimal(1)).toFixed();
    case 'div':
      return x.div(y).toFixed();
    case 'min':
      return Decimal.min(...a).toFixed();
    case 'max':
      return Decimal.max(...a).toFixed();
    case 'round_half_up':
      return x.toDecimalPlaces(y.toNumber(), Decimal.ROUND_HALF_UP).toFixed();
    case 'round_half_even':
      return x.toDecimalPlaces(y.toNumber(), Decimal.ROUND_HALF_EVEN).toFixed();
  }
}

/** Problems found re-doing a trace; empty when the trace is sound. */
export function auditTrace(ex: Explain | undefined, amount: string, where: string): string[] {
  if (!ex) return [`${where}: no explain trace`];
  const out: string[] = [];
  let sum = new Decimal(0);
  for (const s of ex.steps) {
    if (s.text.trim() === '') out.push(`${where}: a step without words`);
    if (s.calc) {
      const again = redo(s.calc);
      if (!new Decimal(again).eq(s.calc.result))
        out.push(`${where}: "${s.text}" says ${s.calc.op}(${s.calc.args.join(', ')}) = ${s.calc.result}, redone ${again}`);
    }
    if (s.delta !== undefined) sum = sum.plus(s.delta);
  }
  if (!sum.eq(amount)) out.push(`${where}: deltas add up to ${sum.toFixed()}, the line says ${amount}`);
  return out;
}

export function auditResult(r: CalculateResult): string[] {
  const out: string[] = [];
  for (const l of r.lines) out.push(...auditTrace(l.explain, l.amount, `${l.period} ${l.participantId} ${l.componentId}`));
  for (const t of r.totals) out.push(...auditTrace(t.explain, t.amount, `${t.period} ${t.participantId} TOTAL`));
  return out;
}
