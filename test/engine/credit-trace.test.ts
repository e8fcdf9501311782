/**
 * Explain traces show how credit was formed (issue 10): split shares as amount x share = credited,
 * overlay credit, roll-ups naming whose credit rolled up, cancellations that reverse credit, each with
 * the transaction ids (at most 50 a step, then "and N more"). These steps explain the credit and
 * carry no delta: the line's amount is still exactly the sum of its deltas (audited here too).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PayoutLine, Step } from '../../engine/index';
import { calculate, loadInputs } from '../../engine/index';
import { commercialBankerPlan } from '../../seeds/northwind-plans';
import { auditResult } from './audit';
import { generate } from './fixtures/generate';
import { A1, A2, line, load, plan, rateTable, run, tx } from './helpers';

const steps = (l: PayoutLine): Step[] => l.explain?.steps ?? [];
const stepWith = (l: PayoutLine, text: string): Step => {
  const s = steps(l).find((x) => x.text.includes(text));
  if (!s)
    throw new Error(
      `no step with "${text}" in:\n${steps(l)
        .map((x) => x.text)
        .join('\n')}`,
    );
  return s;
};

describe('crediting steps in explain traces', () => {
  // The seeded failing case (seeds/northwind-testing.ts, "Syndicated loan split 60/40 between RM and
  // specialist"): its plan and data. The specialist's line must show the 40% split before the tiers.
  const splitCase = {
    plans: [commercialBankerPlan],
    participants: ['B1,Avery Lee,NW-CB-2026,commercial banker,,40000,,,USD', 'B2,Bo Svensson,NW-CB-2026,product specialist,,40000,,,USD'],
    quotas: ['B1,loan_bookings,2026-Q1,1000000', 'B2,loan_bookings,2026-Q1,1000000'],
    transactions: ['S1,2026-02-20,B1,2000000,1,syndicated loan,new,booked,B1:0.6;B2:0.4'],
    period: '2026-Q1',
  };

  it('the seeded 60/40 split case: the specialist trace shows S1 2,000,000 x 40% = 800,000 credited, then the tiers (fast and decimal alike)', () => {
    for (const arithmetic of ['fast', 'decimal'] as const) {
      const r = run({ ...splitCase, arithmetic });
      expect(r.warnings).toEqual([]);
      const b2 = line(r, 'B2', 'loan_commission');
      expect(b2.amount).toBe('4500.00');
      const split = stepWith(b2, 'Split of S1');
      expect(split.calc).toEqual({ op: 'mul', args: ['2000000', '0.4'], result: '800000' });
      expect(split.delta).toBeUndefined();
      expect(split.text).toBe('Split of S1 (B1 60%, B2 40%): 2,000,000.00 x credit share 40% = 800,000.00 credited to B2');
      // the split comes before the attainment that uses the credit
      const texts = steps(b2).map((s) => s.text);
      expect(texts.indexOf(split.text)).toBeLessThan(texts.findIndex((t) => t.startsWith('loan_bookings attainment')));
      expect(texts).toContain('Tier 2 pays 300,000.00 x 1.5% = 4,500.00');
      // and the relationship manager's 60%
      expect(stepWith(line(r, 'B1', 'loan_commission'), 'Split of S1').calc).toEqual({ op: 'mul', args: ['2000000', '0.6'], result: '1200000' });
      expect(auditResult(r)).toEqual([]);
    }
  });

  it('more than 50 transactions: a step names the first 50 ids and says how many more', () => {
    // a2 has 60 split deals at 40% (1,000.00 each) and 55 direct sales of 100.00
    const transactions = [
      ...Array.from({ length: 60 }, (_, i) => tx(`S${i + 1}`, '2026-02-01', 'a1', '1000', { split: 'a1:0.6;a2:0.4' })),
      ...Array.from({ length: 55 }, (_, i) => tx(`D${i + 1}`, '2026-03-01', 'a2', '100')),
    ];
    const r = run({ plans: [plan([rateTable({ tiers: [{ from: 0, rate: 0.1 }] })])], participants: [A1, A2], transactions, period: '2026-Q1' });
    expect(r.warnings).toEqual([]);
    const a2 = line(r, 'a2', 'commission');
    // 60 x 1,000 x 40% = 24,000 + 55 x 100 = 5,500 -> 29,500 credit, 10% = 2,950.00
    expect(a2.amount).toBe('2950.00');
    const split = stepWith(a2, 'Split of 60 transactions');
    const ids50 = Array.from({ length: 50 }, (_, i) => `S${i + 1}`).join(', ');
    expect(split.text).toBe(`Split of 60 transactions (${ids50} and 10 more) with a2's credit share 40%: 60,000.00 x 40% = 24,000.00 credited to a2`);
    expect(split.text).not.toContain('S51');
    expect(split.calc).toEqual({ op: 'mul', args: ['60000', '0.4'], result: '24000' });
    const direct = stepWith(a2, 'Direct credit from 55 transactions');
    expect(direct.text).toContain(`(${Array.from({ length: 50 }, (_, i) => `D${i + 1}`).join(', ')} and 5 more): 5,500.00`);
    expect(direct.calc).toBeUndefined();
    expect(direct.delta).toBeUndefined();
    // the parts add up to the credit the line used
    const sum = stepWith(a2, 'sales credit in 2026-Q1:');
    expect(sum.calc).toEqual({ op: 'add', args: ['5500', '24000'], result: '29500' });
    expect(a2.basis).toBe('29500');
    expect(auditResult(r)).toEqual([]);
  });

  it('a few direct transactions: an add of their credits, with their ids', () => {
    const r = run({
      plans: [plan([rateTable()])],
      participants: [A1],
      transactions: [tx('T1', '2026-01-10', 'a1', '120000'), tx('T2', '2026-02-10', 'a1', '0.5')],
      period: '2026-Q1',
    });
    const s = stepWith(line(r, 'a1', 'commission'), 'Direct credit from 2 transactions (T1, T2)');
    expect(s.calc).toEqual({ op: 'add', args: ['120000', '0.5'], result: '120000.5' });
  });

  it('roll-up: the manager trace names whose credit rolled up and the transactions', () => {
    const mgr = plan([rateTable({ tiers: [{ from: 0, rate: 0.01 }] })], { id: 'M', crediting: { rollup: { enabled: true, depth: null } } });
    const r = run({
      plans: [plan([rateTable({ tiers: [{ from: 0, rate: 0.1 }] })]), mgr],
      participants: ['a1,Ann,P,ae,m1,40000,,,USD', 'a2,Bob,P,ae,m1,40000,,,USD', 'm1,Maya,M,manager,,0,,,USD'],
      transactions: [
        tx('T1', '2026-01-10', 'a1', '10000'),
        tx('T2', '2026-01-11', 'a1', '5000'),
        tx('T3', '2026-01-12', 'a2', '2000', { split: 'a1:0.25;a2:0.75' }),
      ],
      period: '2026-Q1',
    });
    expect(r.warnings).toEqual([]);
    const m1 = line(r, 'm1', 'commission');
    expect(stepWith(m1, 'Roll-up: the credit of a1 on 2 transactions (T1, T2)').calc).toEqual({ op: 'add', args: ['10000', '5000'], result: '15000' });
    expect(stepWith(m1, 'Roll-up: the credit of a1 on T3').calc).toEqual({ op: 'mul', args: ['2000', '0.25'], result: '500' });
    expect(stepWith(m1, 'Roll-up: the credit of a2 on T3').calc).toEqual({ op: 'mul', args: ['2000', '0.75'], result: '1500' });
    expect(stepWith(m1, 'sales credit in 2026-Q1:').calc?.result).toBe('17000');
    expect(m1.basis).toBe('17000');
    expect(auditResult(r)).toEqual([]);
  });

  it('overlay credit: the split step says the shares add up to more than 100%', () => {
    const r = run({
      plans: [plan([rateTable({ tiers: [{ from: 0, rate: 0.1 }] })], { crediting: { allowOverlay: true } })],
      participants: [A1, A2],
      transactions: [tx('T1', '2026-01-10', 'a1', '10000', { split: 'a1:1;a2:0.5' })],
      period: '2026-Q1',
    });
    const s = stepWith(line(r, 'a2', 'commission'), 'Split of T1');
    expect(s.text).toBe(
      'Split of T1 (a1 100%, a2 50%): 10,000.00 x credit share 50% = 5,000.00 credited to a2; overlay credit: the credit shares add up to 150%',
    );
    expect(s.calc).toEqual({ op: 'mul', args: ['10000', '0.5'], result: '5000' });
  });

  it('cancellations: credit reversed in a later period, a same-period cancellation not credited, the clawback names the transaction', () => {
    const p = plan([rateTable({ tiers: [{ from: 0, rate: 0.1 }] })], { clawback: { windowDays: 90, method: 'full', reverseAttainment: true } });
    const r = run({
      plans: [p],
      participants: [A1, A2],
      quotas: ['a1,sales,2026-Q2,100000'],
      transactions: [
        tx('T1', '2026-01-10', 'a1', '10000', { split: 'a1:0.6;a2:0.4' }),
        tx('T2', '2026-04-05', 'a1', '5000'),
        tx('T3', '2026-04-06', 'a1', '700'),
        tx('T1', '2026-04-09', 'a1', '10000', { status: 'cancelled', split: 'a1:0.6;a2:0.4' }),
        tx('T3', '2026-05-01', 'a1', '700', { status: 'cancelled' }),
      ],
      period: '2026-Q1..2026-Q2',
    });
    expect(r.warnings).toEqual([]);
    const q2 = line(r, 'a1', 'commission', '2026-Q2');
    const reversed = stepWith(q2, 'Cancelled after the period it was booked in');
    expect(reversed.text).toContain('T1');
    expect(reversed.calc).toEqual({ op: 'mul', args: ['-10000', '0.6'], result: '-6000' });
    expect(reversed.delta).toBeUndefined();
    expect(stepWith(q2, 'Booked and cancelled in the same period, so not credited: T3').calc).toBeUndefined();
    expect(stepWith(q2, 'sales credit in 2026-Q2:').calc).toEqual({ op: 'add', args: ['5000', '-6000'], result: '-1000' });
    expect(q2.basis).toBe('-1000');
    const claw = stepWith(line(r, 'a1', 'clawback', '2026-Q2'), 'Claw back');
    expect(claw.text).toContain('T1');
    expect(claw.delta).toBe('-600');
    expect(auditResult(r)).toEqual([]);
  });

  it('SPIFs and referrals show their payout shares and transactions; a gate on the same measure does not repeat them', () => {
    const r = run({
      plans: [
        plan(
          [
            rateTable({ gate: { measure: 'sales', minAttainment: 0.5, whenClosed: { kind: 'amount', amount: 0 } } }),
            { id: 'spif', type: 'spif', filter: {}, window: { from: '2026-01-01', to: '2026-03-31' }, pay: { kind: 'percent_of_amount', rate: 0.01 } },
            { id: 'ref', type: 'referral', transactionType: 'referral', amountPerReferral: 75 },
          ],
          { measures: [{ id: 'sales', source: 'amount', filter: { types: ['new'] } }] },
        ),
      ],
      participants: [A1, A2],
      quotas: ['a1,sales,2026-Q1,1000', 'a2,sales,2026-Q1,1000'],
      transactions: [
        tx('T1', '2026-01-10', 'a1', '10000', { split: 'a1:0.5/0.7;a2:0.5/0.3' }),
        tx('R1', '2026-01-12', 'a2', '0', { type: 'referral', split: 'a1:0.5;a2:0.5' }),
      ],
      period: '2026-Q1',
    });
    expect(r.warnings).toEqual([]);
    expect(stepWith(line(r, 'a1', 'spif'), 'Split of T1').text).toBe('Split of T1 (a1 70%, a2 30%): 10,000.00 x payout share 70% = 7,000.00 credited to a1');
    expect(stepWith(line(r, 'a1', 'ref'), 'Split of R1').calc).toEqual({ op: 'mul', args: ['1', '0.5'], result: '0.5' });
    const commission = line(r, 'a1', 'commission');
    expect(steps(commission).filter((s) => s.text.startsWith('Split of T1'))).toHaveLength(1);
    expect(auditResult(r)).toEqual([]);
  });

  it('on generated data and the demo fixture, the crediting steps add up to the credit every line used (fast and decimal)', () => {
    const g = generate(60, 4000, 5);
    const dir = new URL('./fixtures/demo/', import.meta.url);
    const demo = (f: string) => ({ name: f, text: readFileSync(new URL(f, dir), 'utf8') });
    const inputs = [
      loadInputs({
        plans: [{ name: 'plan.json', text: JSON.stringify(g.plan) }],
        participants: { name: 'participants.csv', text: g.participants },
        quotas: { name: 'quotas.csv', text: g.quotas },
        transactions: { name: 'transactions.csv', text: g.transactions },
        period: g.period,
      }),
      loadInputs({
        plans: [demo('plan.json')],
        participants: demo('participants.csv'),
        quotas: demo('quotas.csv'),
        transactions: demo('transactions.csv'),
        period: '2026-Q1..2026-Q2',
      }),
    ];
    for (const loaded of inputs) {
      if (!loaded.ok) throw new Error('input refused');
      for (const arithmetic of ['fast', 'decimal'] as const) {
        const r = calculate({ ...loaded.value, options: { explain: true, arithmetic } });
        if (!r.ok) throw new Error(r.errors.join());
        expect(r.value.warnings.filter((w) => w.includes('crediting steps'))).toEqual([]);
        expect(r.value.lines.some((l) => l.explain?.steps.some((s) => s.text.startsWith('Split of')))).toBe(true);
        expect(auditResult(r.value)).toEqual([]);
      }
    }
  });

  it('fast runs build no crediting records and give the same lines', () => {
    const loaded = load(splitCase);
    if (!loaded.ok) throw new Error('input refused');
    const fast = calculate({ ...loaded.value, options: { explain: false } });
    const traced = calculate({ ...loaded.value, options: { explain: true } });
    if (!fast.ok || !traced.ok) throw new Error('run failed');
    expect(fast.value.lines.every((l) => l.explain === undefined)).toBe(true);
    expect(fast.value.lines.map((l) => l.amount)).toEqual(traced.value.lines.map((l) => l.amount));
  });
});
