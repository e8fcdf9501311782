/**
 * Acceptance 3: the explain trace of every line recomputes to the line's amount. For each line (and
 * each total) the test redoes every arithmetic step from its stated arguments and re-adds the deltas.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculate, Decimal, loadInputs } from '../../engine/index';
import { auditResult, auditTrace } from './audit';
import { A1, A2, plan, rateTable, run, tx } from './helpers';

describe('explain traces recompute to the amounts', () => {
  it('demo fixture over two quarters (ptd true-up, bonus with gate and cap, SPIF, total cap, draw, clawback)', () => {
    const dir = new URL('./fixtures/demo/', import.meta.url);
    const read = (f: string) => ({ name: f, text: readFileSync(new URL(f, dir), 'utf8') });
    const loaded = loadInputs({
      plans: [read('plan.json')],
      participants: read('participants.csv'),
      quotas: read('quotas.csv'),
      transactions: read('transactions.csv'),
      period: '2026-Q1..2026-Q2',
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const r = calculate({ ...loaded.value, options: { explain: true } });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.value.lines.length).toBeGreaterThan(10);
    expect(auditResult(r.value)).toEqual([]);
  });

  it('every method, scope and engine line', () => {
    const bonus = {
      id: 'bonus',
      type: 'attainment_bonus',
      measure: 'sales',
      scope: 'ptd',
      targetShare: 0.3,
      threshold: 0.4,
      curve: [
        { attainment: 0.4, payout: 0.2 },
        { attainment: 1, payout: 1 },
        { attainment: 1.7, payout: 1.9 },
      ],
      bands: [
        { from: 0.4, to: 0.8, multiplier: 0.75 },
        { from: 1, to: null, multiplier: 1.3 },
      ],
    };
    const mbo = {
      id: 'mbo',
      type: 'mbo',
      targetShare: 0.1,
      maxScore: 1.2,
      objectives: [
        { id: 'o1', weight: 0.7 },
        { id: 'o2', weight: 0.3 },
      ],
    };
    const spif = {
      id: 'spif',
      type: 'spif',
      filter: { products: ['cloud'] },
      window: { from: '2026-01-01', to: '2026-05-31' },
      pay: { kind: 'percent_of_amount', rate: 0.015 },
    };
    const ref = { id: 'ref', type: 'referral', transactionType: 'referral', amountPerReferral: 75, maxPerPeriod: 1 };
    for (const method of ['marginal', 'retroactive', 'interpolated'])
      for (const point of ['line', 'total']) {
        const p = plan(
          [
            rateTable({
              method,
              scope: 'ptd',
              basis: 'attainment',
              tiers: [
                { from: 0, rate: 0.03 },
                { from: 0.9, rate: 0.07 },
                { from: 1.4, rate: 0.11 },
              ],
            }),
            rateTable({
              id: 'per_tx',
              method,
              scope: 'transaction',
              tiers: [
                { from: 0, rate: 0.01 },
                { from: 5000, rate: 0.015 },
              ],
              cap: { kind: 'share_of_target_incentive', share: 0.05 },
            }),
            bonus,
            mbo,
            spif,
            ref,
          ],
          {
            rounding: { mode: point === 'line' ? 'half_even' : 'half_up', point },
            totalCap: { kind: 'share_of_target_incentive', share: 1.1 },
            draw: { kind: 'recoverable', amountPerPeriod: 3333.33, recoveryLimit: { kind: 'share_of_earnings', share: 0.35 } },
            clawback: { windowDays: 120, method: 'prorated', reverseAttainment: false },
          },
        );
        const r = run({
          plans: [p],
          participants: [A1, 'a2,Bob,P,ae,,41234.56,2026-02-03,,USD'],
          quotas: ['a1,sales,2026-Q1,70000', 'a1,sales,2026-Q2,80000', 'a2,sales,2026-Q1,60000', 'a2,sales,2026-Q2,60000'],
          mbo: ['a1,o1,2026-Q1,1.33', 'a1,o2,2026-Q1,0.77', 'a2,o1,2026-Q2,0.9'],
          balances: ['a2,1234.56'],
          adjustments: ['a1,per_tx,12.345,rounding test', 'a2,goodwill,99.99,goodwill'],
          transactions: [
            tx('T1', '2026-02-05', 'a1', '33333.33', { product: 'cloud', split: 'a1:0.6667;a2:0.3333' }),
            tx('T2', '2026-02-17', 'a1', '7777.77', { product: 'cloud' }),
            tx('T3', '2026-03-30', 'a2', '45000.01'),
            tx('T4', '2026-04-02', 'a1', '61000.5', { product: 'cloud' }),
            tx('T5', '2026-05-20', 'a2', '-1500', { product: 'cloud' }),
            tx('R1', '2026-01-09', 'a1', '0', { type: 'referral' }),
            tx('R2', '2026-01-19', 'a1', '0', { type: 'referral' }),
            tx('T2', '2026-05-01', 'a1', '7777.77', { product: 'cloud', status: 'cancelled' }),
          ],
          period: '2026-Q1..2026-Q2',
        });
        expect(auditResult(r), `${method} ${point}`).toEqual([]);
        expect(r.lines.some((l) => l.componentId === 'clawback' && l.amount !== '0.00' && l.amount !== '0')).toBe(true);
      }
  });

  it('the audit catches a trace that does not add up (it is not vacuous)', () => {
    const r = run({ plans: [plan([rateTable()])], participants: [A1], transactions: [tx('T1', '2026-01-10', 'a1', '120000')], period: '2026-Q1' });
    const l = r.lines[0];
    if (!l?.explain) throw new Error('no trace');
    expect(auditTrace(l.explain, l.amount, 'x')).toEqual([]);
    const step = l.explain.steps.find((s) => s.delta !== undefined && s.calc);
    if (!step?.calc) throw new Error('no step');
    step.calc.result = new Decimal(step.calc.result).plus('0.01').toFixed();
    expect(auditTrace(l.explain, l.amount, 'x')).toHaveLength(1);
    expect(auditTrace(l.explain, '1.00', 'x').some((e) => e.includes('deltas add up'))).toBe(true);
  });

  it('traces speak in words with the numbers (an analyst can read them)', () => {
    const r = run({ plans: [plan([rateTable()])], participants: [A1, A2], transactions: [tx('T1', '2026-01-10', 'a1', '120000')], period: '2026-Q1' });
    const steps = r.lines[0]?.explain?.steps.map((s) => s.text) ?? [];
    expect(steps).toContain('Tier 1 pays 100,000.00 x 5% = 5,000.00');
    expect(steps).toContain('Tier 2 pays 20,000.00 x 8% = 1,600.00');
  });
});
