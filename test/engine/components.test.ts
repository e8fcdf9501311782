/**
 * Worked examples: every component and option of issue 3 with the inputs, the arithmetic and the
 * expected amount written out. Period 2026-Q1 unless said otherwise; a1 has an annual target
 * incentive of 40,000, i.e. 10,000 a quarter.
 */
import { describe, expect, it } from 'vitest';
import { A1, A2, line, maybeLine, plan, rateTable, run, total, tx } from './helpers';

const Q1 = '2026-Q1';

describe('rate tables: marginal, retroactive, interpolated on the same input', () => {
  // credit 70,000 + 50,000 = 120,000; tiers 0: 5%, 100,000: 8%, 150,000: 10%
  const txs = [tx('T1', '2026-01-10', 'a1', '70000.00'), tx('T2', '2026-02-10', 'a1', '50000.00')];
  it('marginal: 100,000 x 5% + 20,000 x 8% = 5,000 + 1,600 = 6,600.00', () => {
    const r = run({ plans: [plan([rateTable({ method: 'marginal' })])], participants: [A1], transactions: txs, period: Q1 });
    const l = line(r, 'a1', 'commission');
    expect(l.amount).toBe('6600.00');
    expect(l.basis).toBe('120000');
    expect(l.tier).toBe('2');
    // the effective rate: 6,600 / 120,000 (the top tier's 8% is named by tier 2)
    expect(l.rate).toBe('0.055');
  });
  it('retroactive: tier 2 reached, so 120,000 x 8% = 9,600.00', () => {
    const r = run({ plans: [plan([rateTable({ method: 'retroactive' })])], participants: [A1], transactions: txs, period: Q1 });
    expect(line(r, 'a1', 'commission').amount).toBe('9600.00');
  });
  it('interpolated: rate = 8% + (20,000 / 50,000) x (10% - 8%) = 8.8%; 120,000 x 8.8% = 10,560.00', () => {
    const r = run({ plans: [plan([rateTable({ method: 'interpolated' })])], participants: [A1], transactions: txs, period: Q1 });
    const l = line(r, 'a1', 'commission');
    expect(l.amount).toBe('10560.00');
    expect(l.rate).toBe('0.088');
  });
});

describe('boundary rule', () => {
  // credit exactly 100,000, on the boundary of tier 2
  const txs = [tx('T1', '2026-01-10', 'a1', '100000.00')];
  it('retroactive, boundary "higher" (the default): 100,000 x 8% = 8,000.00', () => {
    const r = run({ plans: [plan([rateTable({ method: 'retroactive' })])], participants: [A1], transactions: txs, period: Q1 });
    expect(line(r, 'a1', 'commission').amount).toBe('8000.00');
    expect(line(r, 'a1', 'commission').tier).toBe('2');
  });
  it('retroactive, boundary "lower": 100,000 x 5% = 5,000.00', () => {
    const r = run({ plans: [plan([rateTable({ method: 'retroactive', boundary: 'lower' })])], participants: [A1], transactions: txs, period: Q1 });
    expect(line(r, 'a1', 'commission').amount).toBe('5000.00');
    expect(line(r, 'a1', 'commission').tier).toBe('1');
  });
  it('marginal is continuous at the boundary: 100,000 x 5% = 5,000.00 either way', () => {
    for (const boundary of ['higher', 'lower']) {
      const r = run({ plans: [plan([rateTable({ method: 'marginal', boundary })])], participants: [A1], transactions: txs, period: Q1 });
      expect(line(r, 'a1', 'commission').amount).toBe('5000.00');
    }
  });
});

describe('rate table scopes', () => {
  it('per transaction: 15,000 -> 10,000 x 2% + 5,000 x 3% = 350; 5,000 -> 5,000 x 2% = 100; line 450.00', () => {
    const c = rateTable({
      scope: 'transaction',
      tiers: [
        { from: 0, rate: 0.02 },
        { from: 10000, rate: 0.03 },
      ],
    });
    const r = run({
      plans: [plan([c])],
      participants: [A1],
      transactions: [tx('T1', '2026-01-10', 'a1', '15000'), tx('T2', '2026-02-10', 'a1', '5000')],
      period: Q1,
    });
    expect(line(r, 'a1', 'commission').amount).toBe('450.00');
  });

  // attainment tiers: 0-100% of quota at 5%, 100-150% at 8%, above at 10%; quota 100,000 a quarter
  const ptd = rateTable({
    basis: 'attainment',
    scope: 'ptd',
    tiers: [
      { from: 0, rate: 0.05 },
      { from: 1, rate: 0.08 },
      { from: 1.5, rate: 0.1 },
    ],
  });
  const quotas = ['a1,sales,2026-Q1,100000', 'a1,sales,2026-Q2,100000'];
  const txs = [tx('T1', '2026-01-10', 'a1', '120000'), tx('T2', '2026-04-10', 'a1', '100000')];
  it('period-to-date with true-up: Q1 120% -> 6,600.00; Q2 cumulative 220,000 of 200,000 -> 11,600 - 6,600 paid = 5,000.00', () => {
    // Q1: 100,000 x 5% + 20,000 x 8% = 6,600
    // Q2: cumulative quota 200,000: 200,000 x 5% + 20,000 x 8% = 11,600; less 6,600 paid in Q1 = 5,000
    const r = run({ plans: [plan([ptd])], participants: [A1], quotas, transactions: txs, period: '2026-Q1..2026-Q2' });
    expect(line(r, 'a1', 'commission', '2026-Q1').amount).toBe('6600.00');
    expect(line(r, 'a1', 'commission', '2026-Q2').amount).toBe('5000.00');
    expect(line(r, 'a1', 'commission', '2026-Q2').attainment).toBe('1.1');
    expect(r.carry.ptdPaid['2026|a1|P|commission']).toBe('11600');
  });
  it('period-to-date for Q2 alone recalculates Q1 first (warm-up) and gives the same 5,000.00', () => {
    const r = run({ plans: [plan([ptd])], participants: [A1], quotas, transactions: txs, period: '2026-Q2' });
    expect(r.warmUpPeriods).toEqual(['2026-Q1']);
    expect(r.lines.every((l) => l.period === '2026-Q2')).toBe(true);
    expect(line(r, 'a1', 'commission').amount).toBe('5000.00');
  });
  it('period-to-date with a carry from an earlier run uses what was actually paid', () => {
    // the carry says 7,000 was paid in Q1 (say, after a manual correction): 11,600 - 7,000 = 4,600
    const carry = { drawBalances: {}, ptdPaid: { '2026|a1|P|commission': '7000' }, paidByTransaction: {}, clawedByTransaction: {} };
    const r = run({ plans: [plan([ptd])], participants: [A1], quotas, transactions: txs, period: '2026-Q2', carry });
    expect(line(r, 'a1', 'commission').amount).toBe('4600.00');
  });
  it('negative true-up: "pay" recovers, "floor_at_zero" pays nothing', () => {
    // Q1 credit 120,000 pays 6,600; Q2 a return of -50,000: cumulative 70,000 of 200,000 -> 3,500; 3,500 - 6,600 = -3,100
    const t2 = [tx('T1', '2026-01-10', 'a1', '120000'), tx('R1', '2026-04-10', 'a1', '-50000', { type: 'new' })];
    const r1 = run({ plans: [plan([ptd])], participants: [A1], quotas, transactions: t2, period: '2026-Q1..2026-Q2' });
    expect(line(r1, 'a1', 'commission', '2026-Q2').amount).toBe('-3100.00');
    const r2 = run({ plans: [plan([{ ...ptd, negativeTrueUp: 'floor_at_zero' }])], participants: [A1], quotas, transactions: t2, period: '2026-Q1..2026-Q2' });
    expect(line(r2, 'a1', 'commission', '2026-Q2').amount).toBe('0.00');
  });
});

describe('crediting', () => {
  const flat = rateTable({ tiers: [{ from: 0, rate: 0.1 }] });
  it('direct credit: the transaction participant gets it all (10,000 x 10% = 1,000.00)', () => {
    const r = run({ plans: [plan([flat])], participants: [A1, A2], transactions: [tx('T1', '2026-01-10', 'a1', '10000')], period: Q1 });
    expect(line(r, 'a1', 'commission').amount).toBe('1000.00');
    expect(line(r, 'a2', 'commission').amount).toBe('0.00');
  });
  it('split credit 60/40: 10,000 -> a1 6,000 x 10% = 600.00, a2 4,000 x 10% = 400.00', () => {
    const r = run({
      plans: [plan([flat])],
      participants: [A1, A2],
      transactions: [tx('T1', '2026-01-10', 'a1', '10000', { split: 'a1:0.6;a2:0.4' })],
      period: Q1,
    });
    expect(line(r, 'a1', 'commission').amount).toBe('600.00');
    expect(line(r, 'a2', 'commission').amount).toBe('400.00');
  });
  it('credit and payout shares differ: credit 50/50 for the measure, payout 70/30 for a 10% SPIF', () => {
    // commission on credit: 10,000 x 0.5 x 10% = 500 each
    // SPIF on payout share: a1 10,000 x 0.7 x 10% = 700; a2 10,000 x 0.3 x 10% = 300
    const spif = { id: 'spif', type: 'spif', filter: {}, window: { from: '2026-01-01', to: '2026-03-31' }, pay: { kind: 'percent_of_amount', rate: 0.1 } };
    const r = run({
      plans: [plan([flat, spif])],
      participants: [A1, A2],
      transactions: [tx('T1', '2026-01-10', 'a1', '10000', { split: 'a1:0.5/0.7;a2:0.5/0.3' })],
      period: Q1,
    });
    expect(line(r, 'a1', 'commission').amount).toBe('500.00');
    expect(line(r, 'a2', 'commission').amount).toBe('500.00');
    expect(line(r, 'a1', 'spif').amount).toBe('700.00');
    expect(line(r, 'a2', 'spif').amount).toBe('300.00');
  });
  it('overlay credit: with allowOverlay both get 100% credit (1,000.00 each)', () => {
    const r = run({
      plans: [plan([flat], { crediting: { allowOverlay: true } })],
      participants: [A1, A2],
      transactions: [tx('T1', '2026-01-10', 'a1', '10000', { split: 'a1:1;a2:1' })],
      period: Q1,
    });
    expect(line(r, 'a1', 'commission').amount).toBe('1000.00');
    expect(line(r, 'a2', 'commission').amount).toBe('1000.00');
  });
  it('roll-up to managers: depth 1 reaches m1 only; depth null reaches m2 as well', () => {
    // a1 -> m1 -> m2; a1 sells 10,000; managers' plan pays 1% of rolled-up credit
    const mgrPlan = (depth: number | null, id: string) =>
      plan([rateTable({ tiers: [{ from: 0, rate: 0.01 }] })], { id, crediting: { rollup: { enabled: true, depth } } });
    const participants = ['a1,Ann,P,ae,m1,40000,,,USD', 'm1,Maya,M1,manager,m2,0,,,USD', 'm2,Max,M2,director,,0,,,USD'];
    const t = [tx('T1', '2026-01-10', 'a1', '10000')];
    const r = run({ plans: [plan([flat]), mgrPlan(1, 'M1'), mgrPlan(1, 'M2')], participants, transactions: t, period: Q1 });
    expect(line(r, 'm1', 'commission').amount).toBe('100.00'); // 10,000 x 1%
    expect(line(r, 'm2', 'commission').amount).toBe('0.00'); // a1 is two levels below m2
    const r2 = run({ plans: [plan([flat]), mgrPlan(1, 'M1'), mgrPlan(null, 'M2')], participants, transactions: t, period: Q1 });
    expect(line(r2, 'm2', 'commission').amount).toBe('100.00');
    expect(line(r2, 'a1', 'commission').amount).toBe('1000.00'); // the seller keeps full credit
  });
  it('filters by product, type and date', () => {
    // counts: T1 (cloud, new, Jan); not T2 (onprem), not T3 (renewal), not T4 (after dateTo)
    const p = plan([flat], {
      measures: [
        { id: 'sales', source: 'amount', shareBasis: 'credit', filter: { products: ['cloud'], types: ['new'], dateFrom: '2026-01-01', dateTo: '2026-02-28' } },
      ],
    });
    const r = run({
      plans: [p],
      participants: [A1],
      transactions: [
        tx('T1', '2026-01-10', 'a1', '10000', { product: 'cloud' }),
        tx('T2', '2026-01-11', 'a1', '20000', { product: 'onprem' }),
        tx('T3', '2026-01-12', 'a1', '30000', { product: 'cloud', type: 'renewal' }),
        tx('T4', '2026-03-01', 'a1', '40000', { product: 'cloud' }),
      ],
      period: Q1,
    });
    expect(line(r, 'a1', 'commission').basis).toBe('10000');
    expect(line(r, 'a1', 'commission').amount).toBe('1000.00');
  });
  it('quantity and count measures', () => {
    // units: 3 + 2 = 5 units x 100 per unit = 500.00; count: 2 deals x 50 = 100.00
    const p = plan(
      [
        rateTable({ id: 'per_unit', measure: 'units', tiers: [{ from: 0, rate: 100 }] }),
        rateTable({ id: 'per_deal', measure: 'deals', tiers: [{ from: 0, rate: 50 }] }),
      ],
      {
        measures: [
          { id: 'units', source: 'quantity' },
          { id: 'deals', source: 'count' },
        ],
      },
    );
    const r = run({
      plans: [p],
      participants: [A1],
      transactions: [tx('T1', '2026-01-10', 'a1', '1', { qty: '3' }), tx('T2', '2026-01-11', 'a1', '1', { qty: '2' })],
      period: Q1,
    });
    expect(line(r, 'a1', 'per_unit').amount).toBe('500.00');
    expect(line(r, 'a1', 'per_deal').amount).toBe('100.00');
  });
});

describe('attainment bonus (payout curve)', () => {
  // quota 50,000; target = 10,000 (quarterly TI) x 20% = 2,000
  const bonus = (over: Record<string, unknown> = {}) => ({
    id: 'bonus',
    type: 'attainment_bonus',
    measure: 'sales',
    scope: 'period',
    targetShare: 0.2,
    threshold: 0.5,
    curve: [
      { attainment: 0.5, payout: 0.25 },
      { attainment: 1, payout: 1 },
      { attainment: 2, payout: 2 },
    ],
    bands: [{ from: 1, to: null, multiplier: 1.5 }],
    ...over,
  });
  const q = ['a1,sales,2026-Q1,50000'];
  it('accelerator: 55,000 / 50,000 = 110%; curve 110%; band above 100% x1.5 adds 0.5 x 10% = 5% -> 115%; 2,000 x 115% = 2,300.00', () => {
    const r = run({ plans: [plan([bonus()])], participants: [A1], quotas: q, transactions: [tx('T1', '2026-01-10', 'a1', '55000')], period: Q1 });
    const l = line(r, 'a1', 'bonus');
    expect(l.amount).toBe('2300.00');
    expect(l.attainment).toBe('1.1');
    expect(l.rate).toBe('1.15');
  });
  it('threshold: 20,000 / 50,000 = 40% is below the 50% threshold -> 0.00', () => {
    const r = run({ plans: [plan([bonus()])], participants: [A1], quotas: q, transactions: [tx('T1', '2026-01-10', 'a1', '20000')], period: Q1 });
    expect(line(r, 'a1', 'bonus').amount).toBe('0.00');
  });
  it('linear between points: 75% -> 25% + (25/50) x 75% = 62.5%; 2,000 x 62.5% = 1,250.00', () => {
    const r = run({ plans: [plan([bonus()])], participants: [A1], quotas: q, transactions: [tx('T1', '2026-01-10', 'a1', '37500')], period: Q1 });
    expect(line(r, 'a1', 'bonus').amount).toBe('1250.00');
  });
  it('decelerator: band above 150% x0.5; 180% -> 180% + (0.5 - 1) x (180% - 150%) = 165%; 2,000 x 165% = 3,300.00', () => {
    const r = run({
      plans: [plan([bonus({ bands: [{ from: 1.5, to: null, multiplier: 0.5 }] })])],
      participants: [A1],
      quotas: q,
      transactions: [tx('T1', '2026-01-10', 'a1', '90000')],
      period: Q1,
    });
    expect(line(r, 'a1', 'bonus').amount).toBe('3300.00');
  });
});

describe('caps and gates', () => {
  const txs = [tx('T1', '2026-01-10', 'a1', '120000')];
  it('component cap as an amount bites: retroactive 120,000 x 8% = 9,600 capped at 5,000.00', () => {
    const r = run({
      plans: [plan([rateTable({ method: 'retroactive', cap: { kind: 'amount', amount: 5000 } })])],
      participants: [A1],
      transactions: txs,
      period: Q1,
    });
    expect(line(r, 'a1', 'commission').amount).toBe('5000.00');
  });
  it('component cap as a share of target incentive: 40% x 10,000 = 4,000.00 < 6,600', () => {
    const r = run({
      plans: [plan([rateTable({ cap: { kind: 'share_of_target_incentive', share: 0.4 } })])],
      participants: [A1],
      transactions: txs,
      period: Q1,
    });
    expect(line(r, 'a1', 'commission').amount).toBe('4000.00');
  });
  it('total cap bites: 6,600 + 9,600 = 16,200 > 10,000 -> total_cap line -6,200.00, total 10,000.00', () => {
    const r = run({
      plans: [plan([rateTable(), rateTable({ id: 'retro', method: 'retroactive' })], { totalCap: { kind: 'amount', amount: 10000 } })],
      participants: [A1],
      transactions: txs,
      period: Q1,
    });
    expect(line(r, 'a1', 'total_cap').amount).toBe('-6200.00');
    expect(total(r, 'a1')).toBe('10000.00');
  });
  it('gate bites: profit pays 3,000 but revenue attainment 80% < 100%, so at most 20% x 10,000 = 2,000.00', () => {
    const p = plan(
      [
        rateTable({
          id: 'profit',
          measure: 'profit',
          tiers: [{ from: 0, rate: 0.1 }],
          gate: { measure: 'revenue', minAttainment: 1, whenClosed: { kind: 'share_of_target_incentive', share: 0.2 } },
        }),
      ],
      {
        measures: [
          { id: 'revenue', source: 'amount', filter: { types: ['new'] } },
          { id: 'profit', source: 'amount', filter: { types: ['margin'] } },
        ],
      },
    );
    const mk = (rev: string) => [tx('R', '2026-01-10', 'a1', rev), tx('M', '2026-01-10', 'a1', '30000', { type: 'margin' })];
    const closed = run({ plans: [p], participants: [A1], quotas: ['a1,revenue,2026-Q1,100000'], transactions: mk('80000'), period: Q1 });
    expect(line(closed, 'a1', 'profit').amount).toBe('2000.00'); // 30,000 x 10% = 3,000 limited to 2,000
    const open = run({ plans: [p], participants: [A1], quotas: ['a1,revenue,2026-Q1,100000'], transactions: mk('100000'), period: Q1 });
    expect(line(open, 'a1', 'profit').amount).toBe('3000.00'); // 100% reaches the gate
  });
});

describe('SPIF and referral', () => {
  it('SPIF per unit inside the window: Jan 2 units + Feb 1 unit of cloud = 3 x 250 = 750.00 (March and onprem do not count)', () => {
    const spif = {
      id: 'spif',
      type: 'spif',
      filter: { products: ['cloud'] },
      window: { from: '2026-01-01', to: '2026-02-28' },
      pay: { kind: 'per_unit', amount: 250 },
    };
    const r = run({
      plans: [plan([spif])],
      participants: [A1],
      transactions: [
        tx('T1', '2026-01-10', 'a1', '100', { product: 'cloud', qty: '2' }),
        tx('T2', '2026-02-28', 'a1', '100', { product: 'cloud', qty: '1' }),
        tx('T3', '2026-03-01', 'a1', '100', { product: 'cloud', qty: '5' }),
        tx('T4', '2026-01-15', 'a1', '100', { product: 'onprem', qty: '5' }),
      ],
      period: Q1,
    });
    expect(line(r, 'a1', 'spif').amount).toBe('750.00');
  });
  it('SPIF percent of amount: 2% of 12,345.67 = 246.9134 -> 246.91', () => {
    const spif = { id: 'spif', type: 'spif', filter: {}, window: { from: '2026-01-01', to: '2026-03-31' }, pay: { kind: 'percent_of_amount', rate: 0.02 } };
    const r = run({ plans: [plan([spif])], participants: [A1], transactions: [tx('T1', '2026-01-10', 'a1', '12345.67')], period: Q1 });
    expect(line(r, 'a1', 'spif').amount).toBe('246.91');
  });
  it('referral: 3 referrals to wealth management at 150 each, at most 2 paid a period -> 300.00', () => {
    const ref = { id: 'referral', type: 'referral', transactionType: 'referral', filter: { products: ['wealth'] }, amountPerReferral: 150, maxPerPeriod: 2 };
    const r = run({
      plans: [plan([ref])],
      participants: [A1],
      transactions: [1, 2, 3]
        .map((i) => tx(`R${i}`, `2026-01-1${i}`, 'a1', '0', { type: 'referral', product: 'wealth' }))
        .concat(tx('R9', '2026-01-19', 'a1', '0', { type: 'referral', product: 'loans' })),
      period: Q1,
    });
    expect(line(r, 'a1', 'referral').amount).toBe('300.00');
    expect(line(r, 'a1', 'referral').basis).toBe('2');
  });
});

describe('MBO', () => {
  it('weights 60/40, max score 120%: o1 150% -> 120% x 60% = 72%, o2 50% x 40% = 20%; 92% x (10,000 x 10%) = 920.00', () => {
    const mbo = {
      id: 'mbo',
      type: 'mbo',
      targetShare: 0.1,
      maxScore: 1.2,
      objectives: [
        { id: 'o1', weight: 0.6 },
        { id: 'o2', weight: 0.4 },
      ],
    };
    const r = run({ plans: [plan([mbo])], participants: [A1], mbo: ['a1,o1,2026-Q1,1.5', 'a1,o2,2026-Q1,0.5'], period: Q1 });
    expect(line(r, 'a1', 'mbo').amount).toBe('920.00');
    expect(line(r, 'a1', 'mbo').attainment).toBe('0.92');
  });
});

describe('draws', () => {
  const flat = rateTable({ tiers: [{ from: 0, rate: 0.1 }] });
  it('non-recoverable: earnings 6,000 x 10% = 600 under a 2,000 guarantee -> top-up 1,400.00, total 2,000.00', () => {
    const r = run({
      plans: [plan([flat], { draw: { kind: 'non_recoverable', amountPerPeriod: 2000 } })],
      participants: [A1],
      transactions: [tx('T1', '2026-01-10', 'a1', '6000')],
      period: Q1,
    });
    expect(line(r, 'a1', 'draw').amount).toBe('1400.00');
    expect(total(r, 'a1')).toBe('2000.00');
  });
  it('recoverable over two periods: Q1 earns 2,000 -> advance 3,000 (owed 3,000); Q2 earns 9,000 -> recover 3,000 (owed 0)', () => {
    const r = run({
      plans: [plan([flat], { draw: { kind: 'recoverable', amountPerPeriod: 5000 } })],
      participants: [A1],
      transactions: [tx('T1', '2026-01-10', 'a1', '20000'), tx('T2', '2026-04-10', 'a1', '90000')],
      period: '2026-Q1..2026-Q2',
    });
    expect(line(r, 'a1', 'draw', '2026-Q1').amount).toBe('3000.00');
    expect(total(r, 'a1', '2026-Q1')).toBe('5000.00');
    // Q2: earnings 9,000, above the draw by 4,000; recover min(3,000 owed, 4,000) = 3,000
    expect(line(r, 'a1', 'draw', '2026-Q2').amount).toBe('-3000.00');
    expect(total(r, 'a1', '2026-Q2')).toBe('6000.00');
    expect(r.carry.drawBalances.a1).toBe('0');
  });
  it('recoverable with a recovery limit of 1,000 and a prior balance of 500: owed 3,500 after Q1, 2,500 after Q2', () => {
    const r = run({
      plans: [plan([flat], { draw: { kind: 'recoverable', amountPerPeriod: 5000, recoveryLimit: { kind: 'amount', amount: 1000 } } })],
      participants: [A1],
      balances: ['a1,500'],
      transactions: [tx('T1', '2026-01-10', 'a1', '20000'), tx('T2', '2026-04-10', 'a1', '90000')],
      period: '2026-Q1..2026-Q2',
    });
    expect(line(r, 'a1', 'draw', '2026-Q1').amount).toBe('3000.00'); // 500 + 3,000 = 3,500 owed
    expect(line(r, 'a1', 'draw', '2026-Q2').amount).toBe('-1000.00'); // min(3,500, 4,000, limit 1,000)
    expect(r.carry.drawBalances.a1).toBe('2500');
  });
});

describe('clawbacks', () => {
  const flat = rateTable({ tiers: [{ from: 0, rate: 0.1 }] });
  const cb = (method: string, reverseAttainment = false) => plan([flat], { clawback: { windowDays: 90, method, reverseAttainment } });
  // T1 10,000 booked 2026-01-10 pays 1,000 in Q1
  const booked = tx('T1', '2026-01-10', 'a1', '10000');
  const cancel = (date: string) => tx('T1', date, 'a1', '10000', { status: 'cancelled' });
  it('inside the window, full: cancelled 2026-04-09 (89 days later) -> clawback -1,000.00 in Q2', () => {
    const r = run({ plans: [cb('full')], participants: [A1], transactions: [booked, cancel('2026-04-09')], period: '2026-Q1..2026-Q2' });
    expect(line(r, 'a1', 'commission', '2026-Q1').amount).toBe('1000.00');
    expect(line(r, 'a1', 'clawback', '2026-Q2').amount).toBe('-1000.00');
  });
  it('inside the window, prorated: 1 of 90 days left -> 1,000 x 1/90 = 11.11', () => {
    const r = run({ plans: [cb('prorated')], participants: [A1], transactions: [booked, cancel('2026-04-09')], period: '2026-Q1..2026-Q2' });
    expect(line(r, 'a1', 'clawback', '2026-Q2').amount).toBe('-11.11');
  });
  it('outside the window: cancelled 2026-04-20 (100 days) -> nothing clawed back (0.00, explained)', () => {
    const r = run({ plans: [cb('full')], participants: [A1], transactions: [booked, cancel('2026-04-20')], period: '2026-Q1..2026-Q2' });
    const l = line(r, 'a1', 'clawback', '2026-Q2');
    expect(l.amount).toBe('0.00');
    expect(l.explain?.steps.some((s) => s.text.includes('outside the 90-day window'))).toBe(true);
  });
  it('Q2 alone recalculates Q1 to know what was paid: same -1,000.00', () => {
    const r = run({ plans: [cb('full')], participants: [A1], transactions: [booked, cancel('2026-04-09')], period: '2026-Q2' });
    expect(line(r, 'a1', 'clawback').amount).toBe('-1000.00');
  });
  it('never more than was paid: a second cancellation of the same transaction claws back nothing more', () => {
    const r = run({ plans: [cb('full')], participants: [A1], transactions: [booked, cancel('2026-04-09'), cancel('2026-04-10')], period: '2026-Q1..2026-Q2' });
    expect(line(r, 'a1', 'clawback', '2026-Q2').amount).toBe('-1000.00');
  });
  it('cancelled inside the period it was booked in: never credited, nothing to claw back', () => {
    const r = run({ plans: [cb('full')], participants: [A1], transactions: [booked, cancel('2026-02-01')], period: Q1 });
    expect(line(r, 'a1', 'commission').amount).toBe('0.00');
    expect(maybeLine(r, 'a1', 'clawback')).toBeUndefined();
  });
  it('reverse attainment: Q2 credit 5,000 - 10,000 cancelled = -5,000 (attainment -5%), commission 0.00, clawback -1,000.00', () => {
    const r = run({
      plans: [cb('full', true)],
      participants: [A1],
      quotas: ['a1,sales,2026-Q2,100000'],
      transactions: [booked, tx('T2', '2026-04-05', 'a1', '5000'), cancel('2026-04-09')],
      period: '2026-Q1..2026-Q2',
    });
    const l = line(r, 'a1', 'commission', '2026-Q2');
    expect(l.basis).toBe('-5000');
    expect(l.attainment).toBe('-0.05');
    expect(l.amount).toBe('0.00');
    expect(line(r, 'a1', 'clawback', '2026-Q2').amount).toBe('-1000.00');
  });
});

describe('manual adjustments', () => {
  it('added to the named component line with its reason, or as a line of its own', () => {
    // commission 120,000 -> 6,600 + 250 = 6,850.00; "spot_award" 100.00 on its own line
    const r = run({
      plans: [plan([rateTable()])],
      participants: [A1],
      transactions: [tx('T1', '2026-01-10', 'a1', '120000')],
      adjustments: ['a1,commission,250,late booking T99 credited by ops', 'a1,spot_award,100,"customer rescue, approved by VP"'],
      period: Q1,
    });
    const c = line(r, 'a1', 'commission');
    expect(c.amount).toBe('6850.00');
    expect(c.explain?.steps.at(-1)?.text).toContain('late booking T99');
    expect(line(r, 'a1', 'spot_award').amount).toBe('100.00');
    expect(total(r, 'a1')).toBe('6950.00');
  });
});

describe('proration and plan changes', () => {
  it('a participant joining 2026-02-15 is active 45 of 90 days: target 10,000 x 45 / 90 = 5,000; MBO at 100% x 10% = 500.00; quota 100,000 -> 50,000', () => {
    const mbo = { id: 'mbo', type: 'mbo', targetShare: 0.1, objectives: [{ id: 'o1', weight: 1 }] };
    const bonus = {
      id: 'bonus',
      type: 'attainment_bonus',
      measure: 'sales',
      scope: 'period',
      targetShare: 0.2,
      curve: [
        { attainment: 0, payout: 0 },
        { attainment: 1, payout: 1 },
      ],
    };
    const r = run({
      plans: [plan([mbo, bonus])],
      participants: ['a2,Bob,P,ae,,40000,2026-02-15,,USD'],
      quotas: ['a2,sales,2026-Q1,100000'],
      mbo: ['a2,o1,2026-Q1,1'],
      transactions: [tx('T1', '2026-03-01', 'a2', '50000')],
      period: Q1,
    });
    expect(line(r, 'a2', 'mbo').amount).toBe('500.00');
    // bonus: 50,000 / 50,000 = 100% -> 5,000 x 20% x 100% = 1,000.00
    expect(line(r, 'a2', 'bonus').attainment).toBe('1');
    expect(line(r, 'a2', 'bonus').amount).toBe('1000.00');
  });
  it('a plan change mid-period: transactions before go to the old plan, after to the new one', () => {
    // plan A pays 5%, plan B 10%; a1 on A until 2026-02-14, on B from 2026-02-15
    const A = plan([rateTable({ tiers: [{ from: 0, rate: 0.05 }] })], { id: 'A' });
    const B = plan([rateTable({ tiers: [{ from: 0, rate: 0.1 }] })], { id: 'B' });
    const r = run({
      plans: [A, B],
      participants: ['a1,Ann,A,ae,,40000,,2026-02-14,USD', 'a1,Ann,B,ae,,40000,2026-02-15,,USD'],
      transactions: [tx('T1', '2026-01-10', 'a1', '10000'), tx('T2', '2026-03-10', 'a1', '10000')],
      period: Q1,
    });
    const lines = r.lines.filter((l) => l.componentId === 'commission');
    expect(lines.map((l) => [l.planId, l.amount])).toEqual([
      ['A', '500.00'],
      ['B', '1000.00'],
    ]);
    expect(total(r, 'a1')).toBe('1500.00');
  });
});

describe('rounding', () => {
  // 0.5% of 1,001 = 5.005: the half-cent case
  const half = (id: string) => rateTable({ id, tiers: [{ from: 0, rate: 0.005 }] });
  const t = [tx('T1', '2026-01-10', 'a1', '1001')];
  it('half-up (the default) per line: 5.005 -> 5.01; two lines 10.02', () => {
    const r = run({ plans: [plan([half('c1'), half('c2')])], participants: [A1], transactions: t, period: Q1 });
    expect(line(r, 'a1', 'c1').amount).toBe('5.01');
    expect(total(r, 'a1')).toBe('10.02');
  });
  it('half-even per line: 5.005 -> 5.00; two lines 10.00', () => {
    const r = run({
      plans: [plan([half('c1'), half('c2')], { rounding: { mode: 'half_even', point: 'line' } })],
      participants: [A1],
      transactions: t,
      period: Q1,
    });
    expect(line(r, 'a1', 'c1').amount).toBe('5.00');
    expect(total(r, 'a1')).toBe('10.00');
  });
  it('on the total: lines keep 5.005, the total 10.01 is rounded once', () => {
    const r = run({
      plans: [plan([half('c1'), half('c2')], { rounding: { mode: 'half_up', point: 'total' } })],
      participants: [A1],
      transactions: t,
      period: Q1,
    });
    expect(line(r, 'a1', 'c1').amount).toBe('5.005');
    expect(total(r, 'a1')).toBe('10.01');
  });
  it('to the currency minor unit: JPY has none, 0.5% of 100,100 = 500.5 -> 501', () => {
    const r = run({
      plans: [plan([half('c1')], { currency: 'JPY' })],
      participants: ['a1,Ann,P,ae,,4000000,,,JPY'],
      transactions: [tx('T1', '2026-01-10', 'a1', '100100')],
      period: Q1,
    });
    expect(line(r, 'a1', 'c1').amount).toBe('501');
  });
});

describe('periods', () => {
  it('a monthly plan over a range 2026-01..2026-03 gives three periods; a yearly plan one', () => {
    const flat = rateTable({ tiers: [{ from: 0, rate: 0.1 }] });
    const txs = [tx('T1', '2026-01-10', 'a1', '1000'), tx('T2', '2026-03-10', 'a1', '2000')];
    const m = run({ plans: [plan([flat], { periodKind: 'month' })], participants: [A1], transactions: txs, period: '2026-01..2026-03' });
    expect(m.totals.map((x) => [x.period, x.amount])).toEqual([
      ['2026-01', '100.00'],
      ['2026-02', '0.00'],
      ['2026-03', '200.00'],
    ]);
    const y = run({ plans: [plan([flat], { periodKind: 'year' })], participants: [A1], transactions: txs, period: '2026' });
    expect(y.totals.map((x) => [x.period, x.amount])).toEqual([['2026', '300.00']]);
  });
});
