/**
 * Modeling results (issue 13, acceptance 2) on a dataset computed by hand: 11 participants, quota
 * 100,000 and target incentive 5,000 a quarter each, on a retroactive rate table by attainment:
 * below 50 % 0 %, from 50 % 2 %, from 100 % 4 % of all credit; capped at 6,000.00 a quarter.
 *
 *   id   role  credit    att    tier  pay                         pay / target
 *   P01  AE     30,000   30 %   1     0 % -> 0.00 (under)        0.00
 *   P02  AE     55,000   55 %   2     55,000 x 2 % = 1,100.00     0.22
 *   P03  AE     60,000   60 %   2     1,200.00                    0.24
 *   P04  AE     80,000   80 %   2     1,600.00                    0.32
 *   P05  AE     95,000   95 %   2     1,900.00                    0.38
 *   P06  AE    100,000  100 %   3     100,000 x 4 % = 4,000.00    0.80
 *   P07  SE    110,000  110 %   3     4,400.00                    0.88
 *   P08  SE    125,000  125 %   3     5,000.00                    1.00
 *   P09  SE    160,000  160 %   3     6,400.00 -> cap 6,000.00    1.20
 *   P10  SE    250,000  250 %   3     10,000.00 -> cap 6,000.00   1.20  (two transactions)
 *   P11  SE     70,000   70 %   2     1,400.00                    0.28
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '~/engine';
import { median, modelingResults, nearestRank } from '~/workflows/modeling/results';
import { runEngine } from '~/workflows/testing/engine-run';

const plan = JSON.stringify({
  schemaVersion: 1,
  id: 'HAND-2026',
  name: 'Hand-computed plan',
  currency: 'USD',
  periodKind: 'quarter',
  targetIncentive: { basis: 'per_period' },
  measures: [{ id: 'rev', source: 'amount', filter: { types: ['new'] } }],
  components: [
    {
      id: 'commission',
      type: 'rate_table',
      measure: 'rev',
      basis: 'attainment',
      method: 'retroactive',
      boundary: 'higher',
      scope: 'period',
      tiers: [
        { from: 0, rate: 0 },
        { from: 0.5, rate: 0.02 },
        { from: 1, rate: 0.04 },
      ],
      cap: { kind: 'amount', amount: 6000 },
    },
  ],
});

const people: [string, string, number[]][] = [
  ['P01', 'AE', [30000]],
  ['P02', 'AE', [55000]],
  ['P03', 'AE', [60000]],
  ['P04', 'AE', [80000]],
  ['P05', 'AE', [95000]],
  ['P06', 'AE', [100000]],
  ['P07', 'SE', [110000]],
  ['P08', 'SE', [125000]],
  ['P09', 'SE', [160000]],
  ['P10', 'SE', [200000, 50000]],
  ['P11', 'SE', [70000]],
];
const dataset = {
  period: '2026-Q1',
  participantsCsv: `participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\n${people
    .map(([id, role]) => `${id},${id},HAND-2026,${role},,5000,,,USD`)
    .join('\n')}\n`,
  quotasCsv: `participant_id,measure,period,quota\n${people.map(([id]) => `${id},rev,2026-Q1,100000`).join('\n')}\n`,
  transactionsCsv: `transaction_id,date,participant_id,amount,quantity,product,type,status,split\n${people
    .flatMap(([id, , amounts]) => amounts.map((a, j) => `${id}-${j},2026-02-10,${id},${a},1,loan,new,booked,`))
    .join('\n')}\n`,
};

function results() {
  const out = modelingResults(plan, dataset);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.results;
}

describe('modeling results on a hand-computed dataset', () => {
  it('total cost, per component and per role, equals the engine lines to the cent', () => {
    const r = results();
    // 0 + 1,100 + 1,200 + 1,600 + 1,900 + 4,000 + 4,400 + 5,000 + 6,000 + 6,000 + 1,400 = 32,600.00
    expect(r.totalCost.value).toBe('32600.00');
    const engine = runEngine(plan, dataset, { explain: false });
    if (!engine.ok) throw new Error('engine refused');
    const sum = engine.lines.reduce((s, l) => s.plus(l.amount), new Decimal(0));
    expect(r.totalCost.value).toBe(sum.toFixed(2));
    expect(r.costByComponent.value).toEqual([{ componentId: 'commission', amount: '32600.00' }]);
    // AE: 0 + 1,100 + 1,200 + 1,600 + 1,900 + 4,000 = 9,800; SE: 4,400 + 5,000 + 6,000 + 6,000 + 1,400 = 22,800
    expect(r.costByRole.value).toEqual([
      { role: 'AE', participants: 6, amount: '9800.00' },
      { role: 'SE', participants: 5, amount: '22800.00' },
    ]);
    expect(r.participants.value).toBe(11);
  });

  it('cost of sales is incentive cost over credited revenue', () => {
    const r = results();
    // 30 + 55 + 60 + 80 + 95 + 100 + 110 + 125 + 160 + 250 + 70 = 1,135 thousand credited
    expect(r.creditedRevenue.value).toBe('1135000.00');
    // 32,600 / 1,135,000 = 0.0287224... -> 2.87 %
    expect(r.costOfSales.value).toBe('2.87');
    expect(r.costOfSales.rule).toMatch(/half-up to 2 decimals/);
  });

  it('average, median and differentiation of payout as a share of target incentive', () => {
    const r = results();
    // shares sorted: 0, .22, .24, .28, .32, .38, .80, .88, 1.00, 1.20, 1.20; sum 6.52; 6.52 / 11 = 0.59272... -> 59.27 %
    expect(r.averagePayoutPct.value).toBe('59.27');
    // 11 values: the 6th, 0.38
    expect(r.medianPayoutPct.value).toBe('38.00');
    // nearest rank: P10 rank ceil(1.1) = 2 -> .22; P50 rank ceil(5.5) = 6 -> .38; P90 rank ceil(9.9) = 10 -> 1.20
    // 1.20 / .38 = 3.1578... -> 3.16; .38 / .22 = 1.7272... -> 1.73
    expect(r.differentiation.value).toEqual({ p10: '22.00', p50: '38.00', p90: '120.00', topDecileOverMedian: '3.16', medianOverBottomDecile: '1.73' });
  });

  it('counts under the threshold, per tier and at the cap', () => {
    const r = results();
    // only P01 (30 %) is in the 0 % tier; P02-P05 and P11 in tier 2; P06-P10 in tier 3
    expect(r.underThreshold.value).toEqual([{ componentId: 'commission', count: 1 }]);
    expect(r.tierCounts.value).toEqual([
      { componentId: 'commission', tier: 0, count: 0 },
      { componentId: 'commission', tier: 1, count: 1 },
      { componentId: 'commission', tier: 2, count: 5 },
      { componentId: 'commission', tier: 3, count: 5 },
    ]);
    // P09 (6,400) and P10 (10,000) are cut to 6,000.00
    expect(r.atCap.value).toEqual([{ componentId: 'commission', count: 2 }]);
  });

  it('the attainment histogram and the pay curve', () => {
    const r = results();
    const { bins, noQuota } = r.attainmentHistogram.value;
    expect(bins).toHaveLength(21);
    expect(noQuota).toBe(0);
    const counts = Object.fromEntries(bins.filter((b) => b.count > 0).map((b) => [b.from, b.count]));
    // 30 % -> [0.3, 0.4); 55 % -> [0.5, 0.6); 60 %, 70 %, 80 %, 95 % (-> [0.9, 1)), 100 %, 110 %, 125 % (-> [1.2, 1.3)), 160 %; 250 % overflow
    expect(counts).toEqual({ '0.3': 1, '0.5': 1, '0.6': 1, '0.7': 1, '0.8': 1, '0.9': 1, '1': 1, '1.1': 1, '1.2': 1, '1.6': 1, '2': 1 });
    expect(bins[20]).toEqual({ from: '2', to: null, count: 1 });
    expect(r.payCurve.value).toHaveLength(11);
    expect(r.payCurve.value.find((p) => p.participantId === 'P09')).toEqual({
      participantId: 'P09',
      attainment: '1.6000',
      payoutPct: '120.00',
      payout: '6000.00',
      role: 'SE',
    });
    expect(r.payCurve.value.find((p) => p.participantId === 'P10')).toEqual({
      participantId: 'P10',
      attainment: '2.5000',
      payoutPct: '120.00',
      payout: '6000.00',
      role: 'SE',
    });
  });

  it('every figure states its rule', () => {
    const r = results();
    for (const [k, v] of Object.entries(r)) if (v && typeof v === 'object' && 'rule' in v) expect(v.rule.length, k).toBeGreaterThan(20);
  });

  it('a total cap is counted, and cost of sales is none without revenue', () => {
    const capped = JSON.parse(plan);
    capped.totalCap = { kind: 'amount', amount: 5000 };
    const out = modelingResults(JSON.stringify(capped), dataset);
    if (!out.ok) throw new Error('refused');
    // total cap 5,000 bites on P08 (5,000 is not above), P09 and P10 (6,000): 2 participants
    expect(out.results.atCap.value).toEqual([
      { componentId: 'commission', count: 2 },
      { componentId: 'total_cap', count: 2 },
    ]);
    const none = modelingResults(plan, { ...dataset, transactionsCsv: 'transaction_id,date,participant_id,amount,quantity,product,type,status,split\n' });
    if (!none.ok) throw new Error('refused');
    expect(none.results.costOfSales.value).toBeNull();
    expect(none.results.totalCost.value).toBe('0.00');
  });

  it('percentile and median helpers', () => {
    const xs = [1, 2, 3, 4].map((x) => new Decimal(x));
    expect(median(xs)?.toFixed()).toBe('2.5');
    expect(nearestRank(xs, 50)?.toFixed()).toBe('2');
    expect(nearestRank(xs, 90)?.toFixed()).toBe('4');
    expect(nearestRank([], 10)).toBeNull();
  });
});

describe('pay curve points on a page', () => {
  it('keeps every k-th point so that at most 1,000 are drawn, in order', async () => {
    const { thinCurve, curvePoints } = await import('~/workflows/modeling/curve-points');
    const list = Array.from({ length: 10_000 }, (_, i) => i);
    const thinned = thinCurve(list);
    expect(thinned).toHaveLength(curvePoints);
    expect(thinned.slice(0, 3)).toEqual([0, 10, 20]);
    expect(thinCurve(list.slice(0, 999))).toHaveLength(999);
    expect(thinCurve(list.slice(0, 2500))).toEqual(list.slice(0, 2500).filter((i) => i % 3 === 0));
  });
});
