/**
 * Weekly and two-week plan periods (issue 15): the worked examples of docs/plan-format.md, section
 * Periods, run from the page itself and checked to the cent on the fast path and the decimal.js
 * reference; the edges (a week across a year end, a cycle across a month end, joining mid-week, a
 * period-to-date true-up across weeks); labels and ranges; what a plan and a run must say; and a
 * property: the credit of a month's weeks and of its two-week cycles add up to the month's.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, formatDate, parsePeriod, parsePeriodSpec, periodsPerYear, prorationUnits } from '../../engine/dates';
import { calculate, validatePlan } from '../../engine/index';
import { runCli } from '../../scripts/calc';
import { line, load, PARTICIPANTS_HEADER, run, TX_HEADER, total, tx } from './helpers';

const doc = readFileSync(new URL('../../docs/plan-format.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string) as Record<string, unknown>);
function docPlan(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const p = examples.find((e) => e.id === id);
  if (!p) throw new Error(`no example ${id} in docs/plan-format.md`);
  return { ...structuredClone(p), id: 'P', ...extra };
}
const BOTH = ['fast', 'decimal'] as const;

describe('labels, ranges and years', () => {
  it('ISO weeks: 2026-W01 starts Monday 2025-12-29 and belongs to 2026, which has 53 weeks; 2027 has 52', () => {
    const w1 = parsePeriod('2026-W01');
    expect(w1 && [w1.kind, formatDate(w1.start), formatDate(w1.end), w1.year]).toEqual(['week', '2025-12-29', '2026-01-04', 2026]);
    const w5 = parsePeriod('2026-W05');
    expect(w5 && [formatDate(w5.start), formatDate(w5.end)]).toEqual(['2026-01-26', '2026-02-01']);
    expect(parsePeriod('2026-W53')?.label).toBe('2026-W53');
    expect(parsePeriod('2027-W53')).toBeNull();
    expect(parsePeriod('2026-W00')).toBeNull();
    expect(parsePeriod('2026-W5')).toBeNull();
    expect(periodsPerYear(w1 as NonNullable<typeof w1>)).toBe(53);
    expect(periodsPerYear(parsePeriod('2027-W10') as NonNullable<typeof w1>)).toBe(52);
  });
  it('week ranges run across a year end; every label parses back to itself', () => {
    const r = parsePeriodSpec('2026-W01..2026-W13');
    expect(r.ok && r.value.map((p) => p.label)).toEqual(Array.from({ length: 13 }, (_, i) => `2026-W${String(i + 1).padStart(2, '0')}`));
    const across = parsePeriodSpec('2026-W52..2027-W01');
    expect(across.ok && across.value.map((p) => p.label)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    if (across.ok) for (const p of across.value) expect(parsePeriod(p.label)).toEqual(p);
  });
  it('two-week cycles are labelled by their first day; the year is that of the first day (26 or 27 cycles)', () => {
    const c = parsePeriod('2026-01-19/P2W');
    expect(c && [c.kind, formatDate(c.start), formatDate(c.end), c.year, periodsPerYear(c)]).toEqual(['two_weeks', '2026-01-19', '2026-02-01', 2026, 26]);
    expect(periodsPerYear(parsePeriod('2025-12-22/P2W') as NonNullable<typeof c>)).toBe(26);
    expect(parsePeriod('2025-12-22/P2W')?.year).toBe(2025);
    // cycles from 2026-01-01: the 27th starts on 2026-12-31
    expect(periodsPerYear(parsePeriod('2026-01-01/P2W') as NonNullable<typeof c>)).toBe(27);
    expect(periodsPerYear(parsePeriod('2026-12-31/P2W') as NonNullable<typeof c>)).toBe(27);
    const r = parsePeriodSpec('2026-01-05/P2W..2026-03-30/P2W');
    expect(r.ok && r.value.length).toBe(7);
    const bad = parsePeriodSpec('2026-01-05/P2W..2026-01-12/P2W');
    expect(!bad.ok && bad.error).toMatch(/14-day/);
    expect(parsePeriod('2026-02-30/P2W')).toBeNull();
    const mixed = parsePeriodSpec('2026-W01..2026-02');
    expect(!mixed.ok && mixed.error).toMatch(/same kind/);
  });
  it('proration of a full week or cycle is none; joining on a Wednesday is 5 of 7 days, 3 of 5 working days', () => {
    const w2 = parsePeriod('2026-W02') as NonNullable<ReturnType<typeof parsePeriod>>;
    expect(prorationUnits('calendar_days', w2.start, w2.end, dayOf(2026, 1, 7), dayOf(2026, 12, 31))).toEqual([5, 7]);
    expect(prorationUnits('working_days', w2.start, w2.end, dayOf(2026, 1, 7), dayOf(2026, 12, 31))).toEqual([3, 5]);
  });
});

describe('what a plan must say', () => {
  const errors = (extra: Record<string, unknown>) => {
    const r = validatePlan(docPlan('WEEKLY-2026', extra));
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };
  it('a two_weeks plan needs periodAnchor; other kinds may not have one', () => {
    expect(errors({ periodKind: 'two_weeks' }).join('\n')).toMatch(/periodAnchor: a two_weeks plan needs periodAnchor/);
    expect(errors({ periodKind: 'month', periodAnchor: '2026-01-05' }).join('\n')).toMatch(/periodAnchor: periodAnchor is only for periodKind "two_weeks"/);
    expect(errors({ periodKind: 'two_weeks', periodAnchor: '2026-02-30' }).join('\n')).toMatch(/periodAnchor/);
    expect(errors({ periodKind: 'two_weeks', periodAnchor: '2026-01-05' })).toEqual([]);
  });
  it('whole_months cannot prorate a week or a cycle', () => {
    const wm = { method: 'whole_months', targetIncentive: true, quota: true, draw: true };
    expect(errors({ proration: wm }).join('\n')).toMatch(/whole_months cannot prorate a week/);
    expect(errors({ periodKind: 'two_weeks', periodAnchor: '2026-01-05', proration: wm }).join('\n')).toMatch(/two-week cycle/);
  });
});

describe('weekly plan (docs: Periods, WEEKLY-2026)', () => {
  const a1 = 'a1,Ann Able,P,store,,5300,,,USD';
  const b1 = 'b1,Bea Best,P,store,,5000,2026-01-07,,USD';
  const quotas = ['a1,sales,2026-W01,2000', 'a1,sales,2026-W02,2000', 'a1,sales,2026-W03,4000', 'b1,sales,2026-W02,2000'];
  const transactions = [
    tx('T1', '2025-12-30', 'a1', '1500.00'),
    tx('T2', '2026-01-02', 'a1', '1000.00'),
    tx('T3', '2026-01-08', 'a1', '3000.00'),
    tx('T4', '2026-01-14', 'a1', '6500.00'),
    tx('B1', '2026-01-09', 'b1', '1000.00'),
  ];
  const spec = { plans: [docPlan('WEEKLY-2026')], participants: [a1, b1], quotas, transactions, period: '2026-W01..2026-W03' };
  it.each(BOTH)('commission true-up across weeks and weekly bonus, to the cent (%s)', (arithmetic) => {
    const r = run({ ...spec, arithmetic });
    expect(r.arithmetic).toBe(arithmetic);
    const amounts = (c: string) => ['2026-W01', '2026-W02', '2026-W03'].map((w) => line(r, 'a1', c, w).amount);
    // 2026-W01 holds 2025-12-30 and 2026-01-02: 2,500 x 2%
    expect(amounts('commission')).toEqual(['50.00', '60.00', '170.00']);
    expect(amounts('bonus')).toEqual(['125.00', '150.00', '162.50']);
    expect(total(r, 'a1', '2026-W03')).toBe('332.50');
    expect(r.carry.ptdPaid['2026|a1|P|commission']).toBe('280');
    // joining on Wednesday of 2026-W02: 5 of 7 days of 5,000 / 53 and of the 2,000 quota
    expect(line(r, 'b1', 'bonus', '2026-W02').amount).toBe('47.17');
    expect(line(r, 'b1', 'commission', '2026-W02').amount).toBe('20.00');
    expect(r.lines.some((l) => l.participantId === 'b1' && l.period === '2026-W01')).toBe(false);
  });
  it('the bonus trace divides the annual target by the 53 weeks of 2026 and prorates by days', () => {
    const r = run({ ...spec, period: '2026-W02' });
    const text = JSON.stringify(line(r, 'b1', 'bonus').explain);
    expect(text).toContain('/ 53 periods a year');
    expect(text).toContain('active 5 of 7 days');
  });
  it('2026-W03 alone recalculates 2026-W01 and 2026-W02 first (period-to-date) and pays the same', () => {
    const r = run({ ...spec, period: '2026-W03' });
    expect(r.warmUpPeriods).toEqual(['2026-W01', '2026-W02']);
    expect(line(r, 'a1', 'commission').amount).toBe('170.00');
    expect(r.lines.every((l) => l.period === '2026-W03')).toBe(true);
  });
  it('a week in a new ISO year starts a new period-to-date: 2027-W01 pays on its own credit', () => {
    const r = run({
      ...spec,
      participants: [a1],
      quotas: ['a1,sales,2026-W53,1000', 'a1,sales,2027-W01,1000'],
      transactions: [tx('X1', '2026-12-29', 'a1', '9000.00'), tx('X2', '2027-01-01', 'a1', '2000.00'), tx('X3', '2027-01-04', 'a1', '500.00')],
      period: '2026-W53..2027-W01',
    });
    // 2026-W53 is 28 Dec 2026 to 3 Jan 2027: 11,000 year-to-date; 2027-W01 starts a new year with 500
    expect(line(r, 'a1', 'commission', '2026-W53').amount).toBe('240.00');
    expect(line(r, 'a1', 'commission', '2027-W01').amount).toBe('10.00');
    // 5,300 / 53 = 100.00 in 2026, 5,300 / 52 in 2027; 50% attainment
    expect(line(r, 'a1', 'bonus', '2027-W01').amount).toBe('50.96');
  });
  it('a week of the requested month-based span is refused with the reason', () => {
    const r = load({ ...spec, period: '2026-01' });
    if (!r.ok) throw new Error('input refused');
    const c = calculate(r.value);
    expect(!c.ok && c.errors).toEqual(['plan P pays by week; the requested period 2026-01 does not cover whole weeks']);
  });
});

describe('two-week plan (docs: Periods, FORTNIGHT-2026)', () => {
  const c1 = 'c1,Cal Cole,P,store,,13000,,,USD';
  const d1 = 'd1,Dee Dunn,P,store,,13000,2026-01-26,,USD';
  const cycles = ['2026-01-05/P2W', '2026-01-19/P2W', '2026-02-02/P2W'];
  const quotas = [...cycles.map((c) => `c1,sales,${c},10000`), 'c1,sales,2025-12-22/P2W,10000', 'd1,sales,2026-01-19/P2W,10000'];
  const transactions = [
    tx('Y0', '2026-01-03', 'c1', '4000.00'),
    tx('Y1', '2026-01-06', 'c1', '8000.00'),
    tx('Y2', '2026-01-30', 'c1', '5000.00'),
    tx('Y3', '2026-02-01', 'c1', '4000.00'),
    tx('Y4', '2026-02-10', 'c1', '16000.00'),
    tx('D1', '2026-01-28', 'd1', '5000.00'),
  ];
  const spec = { plans: [docPlan('FORTNIGHT-2026')], participants: [c1, d1], quotas, transactions, period: '2026-01-05/P2W..2026-02-02/P2W' };
  it.each(BOTH)('commission per cycle and period-to-date bonus, to the cent (%s)', (arithmetic) => {
    const r = run({ ...spec, arithmetic });
    expect(cycles.map((c) => line(r, 'c1', 'commission', c).amount)).toEqual(['240.00', '270.00', '480.00']);
    expect(cycles.map((c) => line(r, 'c1', 'bonus', c).amount)).toEqual(['400.00', '450.00', '800.00']);
    expect(r.warmUpPeriods).toEqual([]);
    // joining on the eighth day of a cycle: 7 of 14 days of 500.00 and of the quota
    expect(line(r, 'd1', 'bonus', '2026-01-19/P2W').amount).toBe('250.00');
    expect(line(r, 'd1', 'commission', '2026-01-19/P2W').amount).toBe('150.00');
  });
  it('the cycle of 2025-12-22 belongs to 2025: its sale of 2026-01-03 is not in 2026 period-to-date', () => {
    // joining on 2025-12-22 makes that cycle the only one of 2025 with a target (500.00)
    const r = run({
      ...spec,
      participants: ['c1,Cal Cole,P,store,,13000,2025-12-22,,USD'],
      quotas: quotas.filter((q) => q.startsWith('c1')),
      transactions: transactions.filter((t) => t.includes(',c1,')),
      period: '2025-12-22/P2W..2026-01-05/P2W',
    });
    expect(line(r, 'c1', 'commission', '2025-12-22/P2W').amount).toBe('120.00');
    expect(line(r, 'c1', 'bonus', '2025-12-22/P2W').amount).toBe('200.00');
    expect(line(r, 'c1', 'bonus', '2026-01-05/P2W').amount).toBe('400.00');
    expect(Object.keys(r.carry.ptdPaid).sort()).toEqual(['2025|c1|P|bonus', '2026|c1|P|bonus']);
  });
  it('a range whose cycles are not the plan cycles is refused', () => {
    const r = load({ ...spec, period: '2026-01-12/P2W' });
    if (!r.ok) throw new Error('input refused');
    const c = calculate(r.value);
    expect(!c.ok && c.errors[0]).toMatch(/does not cover whole two-week cycles/);
  });
  it('--carry-out of one cycle is the --carry-in of the next on the command line', () => {
    const d = mkdtempSync(join(tmpdir(), 'calc-weekly-'));
    writeFileSync(join(d, 'plan.json'), JSON.stringify(spec.plans[0]));
    writeFileSync(join(d, 'participants.csv'), [PARTICIPANTS_HEADER, c1].join('\n'));
    writeFileSync(join(d, 'quotas.csv'), ['participant_id,measure,period,quota', ...quotas.filter((q) => q.startsWith('c1'))].join('\n'));
    writeFileSync(join(d, 'transactions.csv'), [TX_HEADER, ...transactions.filter((t) => t.includes(',c1,'))].join('\n'));
    const files = ['--plan', 'plan.json', '--participants', 'participants.csv', '--quotas', 'quotas.csv', '--transactions', 'transactions.csv'].map((a) =>
      a.startsWith('--') ? a : join(d, a),
    );
    const quiet = { out: () => {}, err: () => {} };
    expect(runCli([...files, '--period', '2026-01-05/P2W..2026-01-19/P2W', '--out', join(d, 'a.csv'), '--carry-out', join(d, 'carry.json')], quiet)).toBe(0);
    expect(runCli([...files, '--period', '2026-02-02/P2W', '--out', join(d, 'b.csv'), '--carry-in', join(d, 'carry.json')], quiet)).toBe(0);
    expect(readFileSync(join(d, 'b.csv'), 'utf8')).toContain('2026-02-02/P2W,c1,bonus,800.00');
    // starting anywhere but right after the carry's last cycle is refused
    expect(runCli([...files, '--period', '2026-02-16/P2W', '--out', join(d, 'c.csv'), '--carry-in', join(d, 'carry.json')], quiet)).toBe(1);
  });
});

describe('weekly, two-week and monthly plans in one run', () => {
  // February 2027 runs from Monday 1 to Sunday 28: four ISO weeks, two cycles from 2027-02-01
  const flat = (id: string, extra: Record<string, unknown>) => ({
    schemaVersion: 1,
    id,
    name: id,
    currency: 'USD',
    measures: [{ id: 'sales', source: 'amount' }],
    components: [{ id: 'credit', type: 'rate_table', measure: 'sales', basis: 'amount', method: 'marginal', scope: 'period', tiers: [{ from: 0, rate: 1 }] }],
    ...extra,
  });
  const plans = [flat('M', { periodKind: 'month' }), flat('W', { periodKind: 'week' }), flat('F', { periodKind: 'two_weeks', periodAnchor: '2027-02-01' })];
  const participants = ['m,M,M,ae,,0,,,USD', 'w,W,W,ae,,0,,,USD', 'f,F,F,ae,,0,,,USD'];
  const sum = (r: ReturnType<typeof run>, pid: string) =>
    r.lines.filter((l) => l.participantId === pid).reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);

  it('covers whole weeks, cycles and the month: 2027-02 and 2027-W05..2027-W08 give the same lines', () => {
    const transactions = ['m', 'w', 'f'].flatMap((p) => [
      tx(`${p}1`, '2027-02-01', p, '10.00'),
      tx(`${p}2`, '2027-02-07', p, '20.00'),
      tx(`${p}3`, '2027-02-08', p, '40.00'),
      tx(`${p}4`, '2027-02-28', p, '80.00'),
    ]);
    const a = run({ plans, participants, transactions, period: '2027-02' });
    expect(a.lines.filter((l) => l.participantId === 'w').map((l) => `${l.period} ${l.amount}`)).toEqual([
      '2027-W05 30.00',
      '2027-W06 40.00',
      '2027-W07 0.00',
      '2027-W08 80.00',
    ]);
    expect(a.lines.filter((l) => l.participantId === 'f').map((l) => `${l.period} ${l.amount}`)).toEqual(['2027-02-01/P2W 70.00', '2027-02-15/P2W 80.00']);
    expect(line(a, 'm', 'credit', '2027-02').amount).toBe('150.00');
    const b = run({ plans, participants, transactions, period: '2027-W05..2027-W08' });
    expect(b.lines).toEqual(a.lines);
    expect(b.totals).toEqual(a.totals);
  });

  it('a weekly plan beside a monthly one changes none of the monthly lines, period-to-date warm-up included', () => {
    const ptd = (id: string, periodKind: string) => ({
      ...flat(id, { periodKind }),
      components: [
        {
          id: 'ytd',
          type: 'rate_table',
          measure: 'sales',
          basis: 'amount',
          method: 'marginal',
          scope: 'ptd',
          tiers: [
            { from: 0, rate: 0.02 },
            { from: 1000, rate: 0.05 },
          ],
        },
      ],
    });
    const transactions = ['m', 'w'].flatMap((p) => [
      tx(`${p}1`, '2027-01-02', p, '700.00'),
      tx(`${p}2`, '2027-01-20', p, '200.00'),
      tx(`${p}3`, '2027-02-03', p, '500.00'),
    ]);
    const alone = run({
      plans: [ptd('M', 'month')],
      participants: [participants[0] as string],
      transactions: transactions.filter((t) => t.includes(',m,')),
      period: '2027-02',
    });
    const both = run({ plans: [ptd('M', 'month'), ptd('W', 'week')], participants: participants.slice(0, 2), transactions, period: '2027-02' });
    expect(both.lines.filter((l) => l.participantId === 'm')).toEqual(alone.lines);
    // January's 900 then 500 in February: 1,000 x 2% + 400 x 5% = 40.00, less 18.00 paid in January
    expect(line(alone, 'm', 'ytd').amount).toBe('22.00');
    // 2027-W01 starts on 4 January: the sale of 2 January is in 2026-W53, outside 2027's year-to-date
    expect(line(both, 'w', 'ytd', '2027-W05').amount).toBe('10.00');
    expect(both.warmUpPeriods).toEqual(['2027-W01', '2027-W02', '2027-W03', '2027-01', '2027-W04']);
  });

  it('property: the weeks and the cycles of the month add up to the month, on both paths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 27 }), fc.integer({ min: 0, max: 5_000_000 })), { maxLength: 25 }),
        fc.constantFrom(...BOTH),
        (sales, arithmetic) => {
          const transactions = sales.flatMap(([d, cents], i) =>
            ['m', 'w', 'f'].map((p) => tx(`${p}${i}`, formatDate(dayOf(2027, 2, 1) + d), p, (cents / 100).toFixed(2))),
          );
          const r = run({ plans, participants, transactions, period: '2027-02', arithmetic, explain: false });
          const month = sales.reduce((s, [, c]) => s + c, 0);
          expect(sum(r, 'm')).toBe(month);
          expect(sum(r, 'w')).toBe(month);
          expect(sum(r, 'f')).toBe(month);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: a participant active the whole week is not prorated, whatever the join and leave dates outside it', () => {
    const w = parsePeriod('2026-W10') as NonNullable<ReturnType<typeof parsePeriod>>;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (before, after) => {
        for (const method of ['calendar_days', 'working_days'] as const)
          expect(prorationUnits(method, w.start, w.end, w.start - before, w.end + after)).toEqual(method === 'calendar_days' ? [7, 7] : [5, 5]);
      }),
      { numRuns: 100 },
    );
  });
});
