/**
 * The exact integer fast path equals the decimal.js reference path, line by line, to the cent (and in
 * fact to every digit) on generated data; and the fast path refuses data it cannot hold exactly.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedInputs } from '../../engine/index';
import { calculate, canonicalResult, loadInputs, resultHash } from '../../engine/index';
import { generate } from './fixtures/generate';

function loaded(g: ReturnType<typeof generate>): LoadedInputs {
  const r = loadInputs({
    plans: [{ name: 'plan.json', text: JSON.stringify(g.plan) }],
    participants: { name: 'participants.csv', text: g.participants },
    quotas: { name: 'quotas.csv', text: g.quotas },
    transactions: { name: 'transactions.csv', text: g.transactions },
    period: g.period,
  });
  if (!r.ok)
    throw new Error(
      r.errors
        .slice(0, 5)
        .map((e) => `${e.file}:${e.line}: ${e.message}`)
        .join('\n'),
    );
  return r.value;
}

describe('fast path == decimal.js reference', () => {
  it('300 participants, 30,000 generated transactions (splits, ptd true-up, bonus, SPIF, caps, proration)', () => {
    const inputs = loaded(generate(300, 30000, 7));
    const fast = calculate({ ...inputs, options: { explain: false, arithmetic: 'fast' } });
    const ref = calculate({ ...inputs, options: { explain: false, arithmetic: 'decimal' } });
    if (!fast.ok || !ref.ok) throw new Error('calculation failed');
    expect(fast.value.arithmetic).toBe('fast');
    expect(ref.value.arithmetic).toBe('decimal');
    expect(fast.value.lines.length).toBe(ref.value.lines.length);
    const diffs = fast.value.lines.filter((l, i) => l.amount !== ref.value.lines[i]?.amount);
    expect(diffs).toEqual([]);
    expect(canonicalResult(fast.value)).toBe(canonicalResult(ref.value));
    expect(resultHash(fast.value)).toBe(resultHash(ref.value));
    // the data exercises what it should
    expect(fast.value.warmUpPeriods).toEqual(['2026-Q1']);
    expect(fast.value.lines.some((l) => l.componentId === 'total_cap' || l.componentId === 'commission')).toBe(true);
  });

  it('the same inputs give byte-identical output (deterministic)', () => {
    const a = calculate({ ...loaded(generate(50, 3000, 11)), options: { explain: true } });
    const b = calculate({ ...loaded(generate(50, 3000, 11)), options: { explain: true } });
    if (!a.ok || !b.ok) throw new Error('calculation failed');
    expect(JSON.stringify(a.value)).toBe(JSON.stringify(b.value));
  });

  it('amounts beyond whole cents make the auto mode take the decimal path', () => {
    const g = generate(20, 200, 3);
    g.transactions = g.transactions.replace(/,(\d+)\.(\d\d),/, ',$1.$25,');
    const r = calculate({ ...loaded(g), options: { explain: false, arithmetic: 'auto' } });
    if (!r.ok) throw new Error('calculation failed');
    expect(r.value.arithmetic).toBe('decimal');
  });
});
