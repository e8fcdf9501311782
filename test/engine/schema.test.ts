import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJsonSchema, validatePlan } from '../../engine/index';
import { planSchemaText } from '../../scripts/gen-plan-schema';
import { plan, rateTable } from './helpers';

const errorsOf = (doc: unknown) => {
  const r = validatePlan(doc);
  if (r.ok) throw new Error('expected the plan to be refused');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('plan validation lists every problem by path', () => {
  it('tier boundaries out of order, in the documented form', () => {
    const doc = plan([
      rateTable({ id: 'a' }),
      rateTable({ id: 'b' }),
      rateTable({
        id: 'c',
        tiers: [
          { from: 0, rate: 0.05 },
          { from: 0, rate: 0.08 },
        ],
      }),
    ]);
    expect(errorsOf(doc)).toEqual(['components[2].tiers[1].from: must be greater than tiers[0].from']);
  });
  it('several problems at once, each with its path', () => {
    const doc = plan(
      [
        rateTable({ measure: 'nope', tiers: [] }),
        {
          id: 'm',
          type: 'mbo',
          targetShare: 0.1,
          objectives: [
            { id: 'o1', weight: 0.5 },
            { id: 'o2', weight: 0.4 },
          ],
        },
      ],
      { currency: 'usd', periodKind: 'fortnight' },
    );
    const errs = errorsOf(doc);
    expect(errs).toContain('currency: must be a three-letter currency code');
    expect(errs.some((e) => e.startsWith('periodKind:'))).toBe(true);
    expect(errs.some((e) => e.startsWith('components[0].tiers:'))).toBe(true);
    expect(errs.length).toBeGreaterThanOrEqual(3);
  });
  it('cross-field rules: unknown measure, MBO weights, attainment per transaction, reversal with ptd', () => {
    const errs = errorsOf(
      plan(
        [
          rateTable({ measure: 'nope' }),
          rateTable({ id: 'x', basis: 'attainment', scope: 'transaction' }),
          rateTable({ id: 'y', scope: 'ptd' }),
          {
            id: 'm',
            type: 'mbo',
            targetShare: 0.1,
            objectives: [
              { id: 'o1', weight: 0.5 },
              { id: 'o2', weight: 0.4 },
            ],
          },
        ],
        { clawback: { windowDays: 90, method: 'full', reverseAttainment: true } },
      ),
    );
    expect(errs).toEqual([
      'components[0].measure: unknown measure "nope"',
      'components[1].basis: attainment basis needs scope "period" or "ptd" (a transaction has no quota)',
      'components[3].objectives: weights must add up to 1',
      'clawback.reverseAttainment: cannot be true with period-to-date components: their true-up already reverses the cancelled credit',
    ]);
  });
  it('an unknown schema version is refused', () => {
    expect(errorsOf({ ...plan([rateTable()]), schemaVersion: 2 })[0]).toMatch(/^schemaVersion:/);
  });
  it('the demo plan is valid and defaults are explicit after validation', () => {
    const doc = JSON.parse(readFileSync(new URL('./fixtures/demo/plan.json', import.meta.url), 'utf8'));
    const r = validatePlan(doc);
    expect(r.ok).toBe(true);
    const minimal = validatePlan(plan([rateTable()]));
    if (!minimal.ok) throw new Error('minimal plan refused');
    expect(minimal.value.rounding).toEqual({ mode: 'half_up', point: 'line' });
    expect(minimal.value.minorUnit).toBe(2);
    expect((minimal.value.components[0] as { boundary: string }).boundary).toBe('higher');
  });
});

describe('JSON Schema', () => {
  it('docs/plan.schema.json is exactly what npm run schema:plan generates (no drift)', () => {
    const committed = readFileSync(new URL('../../docs/plan.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(planSchemaText());
  });
  it('describes every component type', () => {
    const text = JSON.stringify(planJsonSchema());
    for (const t of ['rate_table', 'attainment_bonus', 'spif', 'referral', 'mbo']) expect(text).toContain(`"${t}"`);
  });
});
