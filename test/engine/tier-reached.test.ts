/**
 * Issue 10: a line's explain trace names, in structured form, the rate-table tier or curve segment it
 * reached (`reached` on the step that applies it), so test coverage per tier reads data, not words.
 */
import { describe, expect, it } from 'vitest';
import type { Explain, Reached } from '../../engine/index';
import { Decimal } from '../../engine/index';
import { A1, line, plan, rateTable, run, tx } from './helpers';

const reached = (explain: Explain | undefined): Reached[] => (explain?.steps ?? []).flatMap((s) => (s.reached ? [s.reached] : []));

// the Northwind commercial banker table: nothing to 50% of quota, 1.5% to 100%, 2.5% above
const bankerTiers = [
  { from: 0, rate: 0 },
  { from: 0.5, rate: 0.015 },
  { from: 1, rate: 0.025 },
];
const quota = 'a1,sales,2026-Q1,1000000';

describe('the explain trace names the tier a line reached', () => {
  it('marginal: the step of the last slice names the tier the attainment ends in', () => {
    const at = (amount: string) =>
      run({
        plans: [plan([rateTable({ basis: 'attainment', tiers: bankerTiers })])],
        participants: [A1],
        quotas: [quota],
        transactions: [tx('t1', '2026-02-10', 'a1', amount)],
        period: '2026-Q1',
      });
    const r130 = line(at('1300000'), 'a1', 'commission');
    expect(r130.amount).toBe('15000.00');
    // 130% of quota ends in tier 3 (from 100%); tiers 1 and 2 pay their slices on the way
    expect(reached(r130.explain)).toEqual([{ table: 'tiers', tier: 3 }]);
    const marked = r130.explain?.steps.find((s) => s.reached);
    expect(marked).toMatchObject({ text: expect.stringMatching(/^Tier 3 pays/), delta: '7500' });
    expect(reached(line(at('800000'), 'a1', 'commission').explain)).toEqual([{ table: 'tiers', tier: 2 }]);
    expect(reached(line(at('400000'), 'a1', 'commission').explain)).toEqual([{ table: 'tiers', tier: 1 }]);
    // exactly on a boundary: 1,000,000 is the top of tier 2's slice; nothing is left for tier 3
    expect(reached(line(at('1000000'), 'a1', 'commission').explain)).toEqual([{ table: 'tiers', tier: 2 }]);
  });

  it('retroactive and interpolated tables name the one tier or segment applied; below the first tier is tier 0', () => {
    const at = (method: string, amount: string) =>
      line(
        run({
          plans: [
            plan([
              rateTable({
                method,
                tiers: [
                  { from: 50000, rate: 0.05 },
                  { from: 100000, rate: 0.08 },
                  { from: 150000, rate: 0.1 },
                ],
              }),
            ]),
          ],
          participants: [A1],
          transactions: [tx('t1', '2026-02-10', 'a1', amount)],
          period: '2026-Q1',
        }),
        'a1',
        'commission',
      ).explain;
    expect(reached(at('retroactive', '120000'))).toEqual([{ table: 'tiers', tier: 2 }]);
    expect(reached(at('retroactive', '20000'))).toEqual([{ table: 'tiers', tier: 0 }]);
    expect(reached(at('interpolated', '120000'))).toEqual([{ table: 'tiers', tier: 2 }]);
    expect(reached(at('interpolated', '200000'))).toEqual([{ table: 'tiers', tier: 3 }]);
    expect(reached(at('marginal', '20000'))).toEqual([{ table: 'tiers', tier: 0 }]);
  });

  it('an attainment bonus names the curve segment, the flat part beyond the last point, or below the threshold', () => {
    const at = (amount: string) =>
      line(
        run({
          plans: [
            plan([
              {
                id: 'bonus',
                type: 'attainment_bonus',
                measure: 'sales',
                scope: 'period',
                targetShare: 1,
                threshold: 0.75,
                curve: [
                  { attainment: 0.75, payout: 0.5 },
                  { attainment: 1, payout: 1 },
                  { attainment: 1.25, payout: 1.5 },
                ],
              },
            ]),
          ],
          participants: [A1],
          quotas: [quota],
          transactions: [tx('t1', '2026-02-10', 'a1', amount)],
          period: '2026-Q1',
        }),
        'a1',
        'bonus',
      ).explain;
    expect(reached(at('1100000'))).toEqual([{ table: 'curve', tier: 2 }]);
    expect(reached(at('900000'))).toEqual([{ table: 'curve', tier: 1 }]);
    expect(reached(at('1400000'))).toEqual([{ table: 'curve', tier: 3 }]);
    expect(reached(at('500000'))).toEqual([{ table: 'curve', tier: 0 }]);
  });

  it('a per-transaction table names the tier of each transaction, a return the tier it reverses', () => {
    const r = run({
      plans: [plan([rateTable({ scope: 'transaction' })])],
      participants: [A1],
      transactions: [tx('t1', '2026-02-10', 'a1', '120000'), tx('t2', '2026-02-11', 'a1', '-20000')],
      period: '2026-Q1',
    });
    expect(reached(line(r, 'a1', 'commission').explain)).toEqual([
      { table: 'tiers', tier: 2 },
      { table: 'tiers', tier: 1 },
    ]);
  });

  it('a marginal line: `rate` is the effective rate (amount over basis), `tier` the top tier reached', () => {
    const r = run({
      plans: [plan([rateTable({ basis: 'attainment', tiers: bankerTiers }), rateTable({ id: 'per_tx', scope: 'transaction' })])],
      participants: [A1],
      quotas: [quota],
      transactions: [tx('t1', '2026-02-10', 'a1', '1300000')],
      period: '2026-Q1',
    });
    // 500,000 x 0% + 500,000 x 1.5% + 300,000 x 2.5% = 15,000 on 1,300,000
    const l = line(r, 'a1', 'commission');
    expect([l.amount, l.basis, l.tier, l.rate]).toEqual(['15000.00', '1300000', '3', new Decimal(15000).div(1300000).toFixed()]);
    // per transaction: 100,000 x 5% + 50,000 x 8% + 1,150,000 x 10% = 124,000 on 1,300,000
    const t = line(r, 'a1', 'per_tx');
    expect([t.amount, t.tier, t.rate]).toEqual(['124000.00', '3', new Decimal(124000).div(1300000).toFixed()]);
  });
});
