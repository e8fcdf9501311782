/**
 * Worked examples of the plan-level rules: advance draws, multipliers across components and the exit
 * clawback. Each runs the complete example plan of docs/plan-format.md and checks the page's
 * hand-computed amounts to the cent, on the fast path and the decimal.js reference, edges included
 * (a draw fully recovered, attainment exactly on a multiplier step, an exit exactly N months after).
 */
import { describe, expect, it } from 'vitest';
import type { CalculateResult } from '../../engine/index';
import { calculate, loadInputs, validatePlan } from '../../engine/index';
import { planSummary } from '../../workflows/testing/plan-summary';
import { auditResult } from './audit';
import { docPlan, line, maybeLine, PARTICIPANTS_HEADER, run, total, tx } from './helpers';

const A1 = 'a1,Ann Able,P,ae,,40000,,,USD';
const BOTH = ['fast', 'decimal'] as const;
const withDraw = (draw: Record<string, unknown>) => ({ ...docPlan('ADVANCE-2026'), draw });
const quarterSales = (amounts: Record<string, string>) => Object.entries(amounts).map(([date, a], i) => tx(`S${i}`, date, 'a1', a));

describe('advance draws (docs: Draws)', () => {
  const sales = quarterSales({ '2026-02-01': '10000.00', '2026-05-01': '60000.00', '2026-08-01': '110000.00' });
  it.each(BOTH)('recoverable: paid in full, recovered up to half the earnings, fully recovered in Q3 (%s)', (arithmetic) => {
    const r = run({ plans: [docPlan('ADVANCE-2026')], participants: [A1], transactions: sales, period: '2026-Q1..2026-Q3', arithmetic });
    const row = (q: string) => [line(r, 'a1', 'draw', q).amount, line(r, 'a1', 'draw_recovery', q).amount, total(r, 'a1', q), line(r, 'a1', 'draw', q).balance];
    expect(row('2026-Q1')).toEqual(['3000.00', '-500.00', '3500.00', '2500.00']);
    expect(row('2026-Q2')).toEqual(['3000.00', '-3000.00', '6000.00', '2500.00']);
    expect(row('2026-Q3')).toEqual(['3000.00', '-5500.00', '8500.00', '0.00']);
    expect(r.carry.drawBalances.a1).toBe('0');
    expect(auditResult(r)).toEqual([]);
  });
  it('non-recoverable: the part of the draw earnings do not cover is forgiven, nothing is owed', () => {
    const p = withDraw({ kind: 'non_recoverable', payment: 'advance', amountPerPeriod: 3000 });
    const r = run({ plans: [p], participants: [A1], transactions: sales, period: '2026-Q1..2026-Q2' });
    expect(line(r, 'a1', 'draw_recovery', '2026-Q1').amount).toBe('-1000.00');
    expect(total(r, 'a1', '2026-Q1')).toBe('3000.00');
    expect(total(r, 'a1', '2026-Q2')).toBe('6000.00');
    expect(line(r, 'a1', 'draw', '2026-Q2').balance).toBeUndefined();
    expect(r.carry.drawBalances).toEqual({});
  });
  it('the balance owed is a column of the payouts file, and a top-up recoverable draw shows it too', () => {
    const top = withDraw({ kind: 'recoverable', amountPerPeriod: 3000 });
    const r = run({ plans: [top], participants: [A1], transactions: sales.slice(0, 1), period: '2026-Q1' });
    expect(line(r, 'a1', 'draw').amount).toBe('2000.00');
    expect(line(r, 'a1', 'draw').balance).toBe('2000.00');
  });
  it('recovers nothing from negative earnings and carries the balance', () => {
    const r = run({
      plans: [docPlan('ADVANCE-2026')],
      participants: [A1],
      transactions: [tx('S', '2026-02-01', 'a1', '-5000.00')],
      period: '2026-Q1',
    });
    expect(line(r, 'a1', 'draw_recovery').amount).toBe('0.00');
    expect(line(r, 'a1', 'draw').balance).toBe('3000.00');
  });
  it('refuses a recovery limit on a non-recoverable draw', () => {
    const r = validatePlan(withDraw({ kind: 'non_recoverable', payment: 'advance', amountPerPeriod: 3000, recoveryLimit: { kind: 'amount', amount: 1 } }));
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toContain('only a recoverable draw has a recovery limit');
  });
});

describe('multipliers across components (docs: Multipliers across components)', () => {
  const quotas = ['a1,revenue,2026-Q1,100000', 'a1,logos,2026-Q1,4'];
  const deals = (revenue: string) => [tx('R', '2026-02-01', 'a1', revenue), ...[1, 2, 3].map((i) => tx(`L${i}`, '2026-02-02', 'a1', '0.00', { type: 'logo' }))];
  const kicker = (revenue: string, arithmetic: 'auto' | (typeof BOTH)[number] = 'auto') =>
    run({ plans: [docPlan('KICKER-2026')], participants: [A1], quotas, transactions: deals(revenue), period: '2026-Q1', arithmetic });
  it.each(BOTH)('115%% revenue doubles both bonuses: 6,900 + 3,000 + kicker 9,900 = 19,800 (%s)', (arithmetic) => {
    const r = kicker('115000.00', arithmetic);
    expect(line(r, 'a1', 'revenue_bonus').amount).toBe('6900.00');
    expect(line(r, 'a1', 'logo_bonus').amount).toBe('3000.00');
    const k = line(r, 'a1', 'kicker');
    expect([k.amount, k.componentType, k.rate, k.tier, k.basis]).toEqual(['9900.00', 'multiplier', '2', '1', '9900']);
    expect(total(r, 'a1')).toBe('19800.00');
    expect(auditResult(r)).toEqual([]);
  });
  it('exactly on the step doubles; a cent below does not', () => {
    expect(line(kicker('110000.00'), 'a1', 'kicker').amount).toBe('9600.00');
    const below = line(kicker('109999.99'), 'a1', 'kicker');
    expect([below.amount, below.tier, below.rate]).toEqual(['0.00', '0', '1']);
  });
  it('a factor below 1 takes away, and the total cap applies after the multiplier', () => {
    const p = docPlan('KICKER-2026');
    p.multipliers = [
      {
        id: 'kicker',
        measure: 'revenue',
        components: ['revenue_bonus', 'logo_bonus'],
        steps: [
          { from: 0, factor: 0.5 },
          { from: 1.1, factor: 2 },
        ],
      },
    ];
    const low = run({ plans: [p], participants: [A1], quotas, transactions: deals('50000.00'), period: '2026-Q1' });
    expect(line(low, 'a1', 'kicker').amount).toBe('-3000.00'); // (3,000 + 3,000) x (0.5 - 1)
    p.totalCap = { kind: 'amount', amount: 15000 };
    const capped = run({ plans: [p], participants: [A1], quotas, transactions: deals('115000.00'), period: '2026-Q1' });
    expect(line(capped, 'a1', 'total_cap').amount).toBe('-4800.00');
    expect(total(capped, 'a1')).toBe('15000.00');
  });
  it('refuses unknown and period-to-date components, and ids shared with components', () => {
    const p = docPlan('KICKER-2026');
    (p.components as Record<string, unknown>[])[1] = { ...(p.components as Record<string, unknown>[])[1], scope: 'ptd' };
    p.multipliers = [{ id: 'revenue_bonus', measure: 'revenue', components: ['nope', 'logo_bonus'], steps: [{ from: 1.1, factor: 2 }] }];
    const r = validatePlan(p);
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'multipliers[0].id: duplicate line id "revenue_bonus" (components and multipliers share ids)',
      'multipliers[0].components[0]: unknown component "nope"',
      'multipliers[0].components[1]: "logo_bonus" is period-to-date: its line is a true-up of earlier periods and cannot be multiplied',
    ]);
  });
});

describe('exit clawback (docs: On early exit)', () => {
  const quotas = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'].map((q) => `a1,sales,${q},100000`);
  const sales = quarterSales({ '2026-02-01': '80000.00', '2026-05-01': '100000.00', '2026-07-10': '25000.00' });
  const leaving = (end: string) => `a1,Ann Able,P,ae,,40000,,${end},USD`;
  const exitRun = (end: string, period: string, arithmetic: 'auto' | (typeof BOTH)[number] = 'auto'): CalculateResult =>
    run({ plans: [docPlan('EXIT-2026')], participants: [leaving(end)], quotas, transactions: sales, period, arithmetic });
  it.each(BOTH)('leaving on 2026-08-15 repays half of Q1 and Q2: 2,500 - 9,000 = -6,500 (%s)', (arithmetic) => {
    const r = exitRun('2026-08-15', '2026-Q3', arithmetic);
    expect(line(r, 'a1', 'bonus').amount).toBe('2500.00');
    expect(line(r, 'a1', 'exit_clawback').amount).toBe('-9000.00');
    expect(total(r, 'a1')).toBe('-6500.00');
    expect(auditResult(r)).toEqual([]);
  });
  it('counts a period that ended exactly withinMonths months before (to the day), not one a day earlier', () => {
    // 6 months before 2026-09-30 is 2026-03-30: Q1 (ended 03-31) counts; before 2026-10-01 it is 04-01: Q1 does not.
    expect(line(exitRun('2026-09-30', '2026-Q3'), 'a1', 'exit_clawback').amount).toBe('-9000.00');
    const q4 = exitRun('2026-10-01', '2026-Q4');
    // Q2 10,000 + Q3 (a whole quarter now) 25% x 10,000 = 2,500: half of 12,500
    expect(line(q4, 'a1', 'exit_clawback').amount).toBe('-6250.00');
  });
  it('a participant who stays, or changes plans, repays nothing', () => {
    const stays = run({ plans: [docPlan('EXIT-2026')], participants: [A1], quotas, transactions: sales, period: '2026-Q3' });
    expect(maybeLine(stays, 'a1', 'exit_clawback')).toBeUndefined();
    const other: Record<string, unknown> = { ...docPlan('EXIT-2026'), id: 'Q' };
    delete other.exitClawback;
    const change = run({
      plans: [docPlan('EXIT-2026'), other],
      participants: [leaving('2026-08-15'), 'a1,Ann Able,Q,ae,,40000,2026-08-16,,USD'],
      quotas,
      transactions: sales,
      period: '2026-Q3',
    });
    expect(maybeLine(change, 'a1', 'exit_clawback')).toBeUndefined();
  });
  it('gives the same clawback from a carry as from recalculating the earlier periods', () => {
    const first = run({ plans: [docPlan('EXIT-2026')], participants: [leaving('2026-08-15')], quotas, transactions: sales, period: '2026-Q1..2026-Q2' });
    expect(Object.keys(first.carry.exitPaid ?? {}).sort()).toEqual(['a1|P|bonus|2026-03-31', 'a1|P|bonus|2026-06-30']);
    const next = run({
      plans: [docPlan('EXIT-2026')],
      participants: [leaving('2026-08-15')],
      quotas,
      transactions: sales,
      period: '2026-Q3',
      carry: first.carry,
    });
    expect(line(next, 'a1', 'exit_clawback').amount).toBe('-9000.00');
  });
});

describe('the plan in words says each rule', () => {
  it('names the multiplier, the advance draw and the exit clawback', () => {
    const words = (id: string) => planSummary(JSON.stringify(docPlan(id))).facts;
    expect(words('KICKER-2026')).toContain(
      'Multiplier kicker: revenue_bonus and logo_bonus x2 from revenue attainment 110% (x1 below), after their own caps and before the total cap.',
    );
    expect(words('ADVANCE-2026')).toContain(
      'A draw of 3,000.00 is paid in full every period and recovered from earnings, at most 50% of earnings a period; what is not yet recovered is owed and carried.',
    );
    expect(words('EXIT-2026')).toContain("Leaving within 6 months of a period's end repays 50% of what bonus paid for it.");
    expect(words('CASH-2026')).toContain(
      'Transactions credit in the period the customer pays them (their paid date), not when they are booked; unpaid ones wait.',
    );
  });
});

describe('pay on collection (docs: Pay on collection)', () => {
  const header = 'transaction_id,date,participant_id,amount,quantity,product,type,status,split,paid_date';
  const rows = [
    'T0,2025-12-10,a1,4000.00,1,widget,new,booked,,2026-01-20',
    'T1,2026-01-15,a1,10000.00,1,widget,new,booked,,2026-04-10',
    'T2,2026-02-01,a1,20000.00,1,widget,new,booked,,2026-03-31',
    'T3,2026-03-01,a1,6000.00,1,widget,new,booked,,2026-04-01',
    'T4,2026-03-05,a1,5000.00,1,widget,new,booked,,',
  ];
  const runWith = (plan: Record<string, unknown>, transactions: string[], period: string, arithmetic: 'auto' | 'fast' | 'decimal' = 'auto') => {
    const loaded = loadInputs({
      plans: [{ name: 'plan.json', text: JSON.stringify(plan) }],
      participants: { name: 'participants.csv', text: `${PARTICIPANTS_HEADER}\n${A1}` },
      quotas: { name: 'quotas.csv', text: 'participant_id,measure,period,quota' },
      transactions: { name: 'transactions.csv', text: [header, ...transactions].join('\n') },
      period,
    });
    if (!loaded.ok) return { errors: loaded.errors.map((e) => `${e.line}: ${e.message}`) };
    const r = calculate({ ...loaded.value, options: { explain: true, arithmetic } });
    if (!r.ok) throw new Error(r.errors.join());
    return { result: r.value };
  };
  it.each(BOTH)('credits in the period of the paid date, on its bounds; unpaid is not credited (%s)', (arithmetic) => {
    const { result } = runWith(docPlan('CASH-2026'), rows, '2026-Q1..2026-Q2', arithmetic);
    if (!result) throw new Error('refused');
    expect(line(result, 'a1', 'commission', '2026-Q1').amount).toBe('2400.00');
    expect(line(result, 'a1', 'commission', '2026-Q2').amount).toBe('1600.00');
    expect(auditResult(result)).toEqual([]);
  });
  it('the same file on booking pays by the transaction date', () => {
    const booking = docPlan('CASH-2026');
    booking.crediting = { on: 'booking' };
    const { result } = runWith(booking, rows, '2026-Q1');
    expect(line(result!, 'a1', 'commission').amount).toBe('4100.00');
  });
  it('a cancellation in the period of collection voids it; a refund after it is clawed back', () => {
    const p = { ...docPlan('CASH-2026'), clawback: { windowDays: 365, method: 'full', reverseAttainment: false } };
    const { result } = runWith(
      p,
      ['T1,2026-01-15,a1,10000.00,1,widget,new,booked,,2026-02-10', 'T1,2026-05-02,a1,-10000.00,1,widget,new,cancelled,,'],
      '2026-Q1..2026-Q2',
    );
    expect(line(result!, 'a1', 'commission', '2026-Q1').amount).toBe('1000.00');
    expect(line(result!, 'a1', 'clawback', '2026-Q2').amount).toBe('-1000.00');
  });
  it('refuses a paid date before the transaction date, and one that is not a date, with their lines', () => {
    const { errors } = runWith(
      docPlan('CASH-2026'),
      ['T1,2026-02-15,a1,10.00,1,widget,new,booked,,2026-02-14', 'T2,2026-02-15,a1,10.00,1,widget,new,booked,,2026-02-30'],
      '2026-Q1',
    );
    expect(errors).toEqual(['2: paid_date 2026-02-14 is before the transaction date 2026-02-15', '3: paid_date "2026-02-30" is not a date YYYY-MM-DD']);
  });
});
