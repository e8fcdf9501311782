/** Every complete plan example in docs/plan-format.md is a valid plan (the documentation cannot rot). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../engine/index';

const doc = readFileSync(new URL('../../docs/plan-format.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe('docs/plan-format.md', () => {
  it('has a complete example for every component type', () => {
    const types = new Set(blocks.flatMap((b) => (JSON.parse(b).components as { type: string }[]).map((c) => c.type)));
    expect([...types].sort()).toEqual(['attainment_bonus', 'mbo', 'rate_table', 'referral', 'spif']);
    expect(blocks.some((b) => JSON.parse(b).draw)).toBe(true);
    expect(blocks.some((b) => JSON.parse(b).clawback)).toBe(true);
    expect(blocks.some((b) => JSON.parse(b).totalCap)).toBe(true);
  });
  it.each(blocks.map((b, i) => [i, b] as const))('example %i validates', (_i, text) => {
    const r = validatePlan(JSON.parse(text));
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});
