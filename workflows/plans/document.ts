import { amt, pct } from '../testing/plan-summary';

export { grouped } from '../format/money';

/**
 * The tables of the plan document: each component's rate tiers, payout curve and bands, and its cap
 * and gate, as a participant reads them (percentages and amounts, not JSON).
 */
type Cap = { kind: string; amount?: unknown; share?: unknown };
type Raw = Record<string, unknown> & { id: string; type: string };

export type DocTable = { caption: string; head: string[]; rows: string[][] };

const capText = (c: Cap) => (c.kind === 'amount' ? `${amt(c.amount)}` : `${pct(c.share)} of target incentive`);

export function componentTables(document: string): Record<string, DocTable[]> {
  const doc = JSON.parse(document) as { components?: Raw[]; totalCap?: Cap };
  const out: Record<string, DocTable[]> = {};
  for (const c of doc.components ?? []) {
    const tables: DocTable[] = [];
    if (c.type === 'rate_table') {
      const tiers = (c.tiers as { from: unknown; rate?: unknown; amount?: unknown }[]) ?? [];
      const byAttainment = c.basis === 'attainment';
      const at = (v: unknown) => (byAttainment ? pct(v) : amt(v));
      if (tiers.some((t) => t.amount !== undefined))
        tables.push({
          caption: `Flat amount tiers (the tier reached pays its amount; a value exactly on a boundary belongs to the ${c.boundary === 'lower' ? 'lower' : 'higher'} tier)`,
          head: [byAttainment ? 'From attainment' : 'From amount', 'Up to', 'Pays'],
          rows: tiers.map((t, i) => {
            const next = tiers[i + 1];
            return [at(t.from), next ? at(next.from) : 'and above', amt(t.amount)];
          }),
        });
      else
        tables.push({
          caption: `Rate tiers (${String(c.method)}: ${
            c.method === 'marginal'
              ? 'each slice is paid at its own tier’s rate'
              : c.method === 'retroactive'
                ? 'the tier reached sets the rate for everything'
                : 'the rate moves in a straight line between tiers'
          })`,
          head: [byAttainment ? 'From attainment' : 'From amount', 'Up to', 'Rate'],
          rows: tiers.map((t, i) => {
            const next = tiers[i + 1];
            const at = (v: unknown) => (byAttainment ? pct(v) : amt(v));
            return [at(t.from), next ? at(next.from) : 'and above', pct(t.rate)];
          }),
        });
    }
    if (c.type === 'attainment_bonus') {
      tables.push({
        caption: `Payout curve (straight lines between points${
          ((c.curve as { step?: boolean }[]) ?? []).some((p) => p.step) ? ', a jump at each step' : ''
        }, ${c.beyondLast === 'extend_slope' ? 'the last slope continues beyond the last point without limit' : 'flat beyond the last'}; nothing below ${pct(c.threshold ?? 0)} attainment)`,
        head: ['Attainment', 'Payout of the component target'],
        rows: ((c.curve as { attainment: unknown; payout: unknown; step?: boolean }[]) ?? []).map((p) => [
          p.step ? `from ${pct(p.attainment)} (step)` : pct(p.attainment),
          pct(p.payout),
        ]),
      });
      const bands = (c.bands as { from: unknown; to: unknown; multiplier: unknown }[]) ?? [];
      if (bands.length)
        tables.push({
          caption: 'Accelerator and decelerator bands',
          head: ['From attainment', 'Up to', 'Gain multiplied by'],
          rows: bands.map((b) => [pct(b.from), b.to === null || b.to === undefined ? 'and above' : pct(b.to), String(b.multiplier)]),
        });
    }
    if (c.type === 'mbo')
      tables.push({
        caption: 'Objectives',
        head: ['Objective', 'Weight'],
        rows: ((c.objectives as { id: string; name?: string; weight: unknown }[]) ?? []).map((o) => [o.name ?? o.id, pct(o.weight)]),
      });
    const limits: string[][] = [];
    if (c.cap) limits.push(['Cap', `pays at most ${capText(c.cap as Cap)}`]);
    if (c.gate) {
      const g = c.gate as { measure: string; minAttainment: unknown; whenClosed: Cap };
      limits.push(['Gate', `unless ${g.measure} attainment reaches ${pct(g.minAttainment)}, pays at most ${capText(g.whenClosed)}`]);
    }
    if (limits.length) tables.push({ caption: 'Caps and gates', head: ['Limit', 'What it does'], rows: limits });
    out[c.id] = tables;
  }
  return out;
}

/** The plan-wide cap on a participant's total, in words, or null. */
export function totalCapText(document: string) {
  const doc = JSON.parse(document) as { totalCap?: Cap };
  return doc.totalCap ? `A participant’s total per period is capped at ${capText(doc.totalCap)}.` : null;
}
