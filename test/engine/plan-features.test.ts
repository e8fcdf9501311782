/**
 * Worked examples of the plan features added for flat tier amounts, step curves, exact fractions:
 * each runs the complete example plan of docs/plan-format.md (taken from the page itself, so the page's
 * numbers are computed, not only validated) and checks the hand-computed amounts to the cent, on both
 * the fast path and the decimal.js reference.
 */
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../engine/index';
import { planSummary } from '../../workflows/testing/plan-summary';
import { docPlan, line, run, total, tx } from './helpers';

const comp = (p: Record<string, unknown>) => (p.components as Record<string, unknown>[])[0] as Record<string, unknown>;
const A1 = 'a1,Ann Able,P,ae,,40000,,,USD';
const Q1 = '2026-Q1';
const BOTH = ['fast', 'decimal'] as const;

describe('flat amounts per tier (docs: Flat amounts per tier)', () => {
  const deals = ['800.00', '1000.00', '5000.00', '7200.00', '12000.00'].map((a, i) => tx(`D${i}`, `2026-01-${10 + i}`, 'a1', a));
  it.each(BOTH)('per transaction: 0 + 100 + 250 + 250 + 400 = 1,000.00; 1,000 and 5,000 on a bound open the higher tier (%s)', (arithmetic) => {
    const r = run({ plans: [docPlan('DEAL-FLAT-2026')], participants: [A1], transactions: deals, period: Q1, arithmetic });
    const l = line(r, 'a1', 'deal_bonus');
    expect(l.amount).toBe('1000.00');
    expect(l.tier).toBe('3');
    // Each transaction is paid by its own tier: the line's rate is the effective one, 1,000 over 26,000 of credit.
    expect(l.rate).toMatch(/^0\.0384615384615384615/);
    expect(total(r, 'a1')).toBe('1000.00');
  });
  it('on a bound with boundary "lower": 0 + 0 + 100 + 250 + 400 = 750.00', () => {
    const r = run({ plans: [docPlan('DEAL-FLAT-2026', { boundary: 'lower' })], participants: [A1], transactions: deals, period: Q1 });
    expect(line(r, 'a1', 'deal_bonus').amount).toBe('750.00');
  });
  it('per period: the quarter credit 26,000 falls in the last tier and pays 400.00; exactly 5,000 pays 250.00', () => {
    const p = docPlan('DEAL-FLAT-2026', { scope: 'period' });
    expect(line(run({ plans: [p], participants: [A1], transactions: deals, period: Q1 }), 'a1', 'deal_bonus').amount).toBe('400.00');
    const one = run({ plans: [p], participants: [A1], transactions: [tx('D', '2026-02-01', 'a1', '5000.00')], period: Q1 });
    expect(line(one, 'a1', 'deal_bonus').amount).toBe('250.00');
    expect(line(one, 'a1', 'deal_bonus').tier).toBe('2');
  });
  it('a return reverses the amount of the same positive deal; no credit pays nothing even with a tier from 0', () => {
    const r = run({
      plans: [docPlan('DEAL-FLAT-2026')],
      participants: [A1],
      transactions: [tx('D1', '2026-01-10', 'a1', '7200.00'), tx('D2', '2026-02-10', 'a1', '-7200.00')],
      period: Q1,
    });
    expect(line(r, 'a1', 'deal_bonus').amount).toBe('0.00');
    const zero = docPlan('DEAL-FLAT-2026', {
      scope: 'period',
      tiers: [
        { from: 0, amount: 50 },
        { from: 1000, amount: 100 },
      ],
    });
    expect(line(run({ plans: [zero], participants: [A1], transactions: [], period: Q1 }), 'a1', 'deal_bonus').amount).toBe('0.00');
  });
  it('reads in words as amounts with the bound rule', () => {
    const s = planSummary(JSON.stringify(docPlan('DEAL-FLAT-2026')));
    expect(s.components[0]?.lines).toEqual([
      'Flat amounts on deals by amount, transaction scope: the tier reached pays its amount (not a rate); a value exactly on a boundary belongs to the higher tier; no credit pays nothing:',
      'from 1,000.00 to 5,000.00: pays 100.00',
      'from 5,000.00 to 10,000.00: pays 250.00',
      'from 10,000.00 upwards: pays 400.00',
    ]);
  });
});

describe('flat amounts: what the plan must say', () => {
  const errorsOf = (tiers: unknown[], method = 'retroactive') => {
    const r = validatePlan(docPlan('DEAL-FLAT-2026', { tiers, method }));
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };
  it('refuses mixed tiers, a tier with both or neither, and a method other than retroactive', () => {
    expect(
      errorsOf([
        { from: 0, amount: 1 },
        { from: 5, rate: 0.1 },
      ]),
    ).toEqual(['components[0].tiers: tiers must all have a rate or all have an amount']);
    expect(errorsOf([{ from: 0, amount: 1, rate: 0.1 }, { from: 5 }])).toEqual([
      'components[0].tiers[0]: give either "rate" or "amount"',
      'components[0].tiers[1]: give either "rate" or "amount"',
    ]);
    expect(errorsOf([{ from: 0, amount: 1 }], 'marginal')).toEqual([
      'components[0].method: tiers with flat amounts need method "retroactive" (the tier reached pays its amount)',
    ]);
  });
});

describe('step curves and beyondLast (docs: Steps and beyond the last point)', () => {
  const pays = (credit: string, patch: Record<string, unknown> = {}, arithmetic: 'fast' | 'decimal' = 'fast') =>
    line(
      run({
        plans: [docPlan('STEP-2026', patch)],
        participants: [A1],
        quotas: ['a1,bookings,2026-Q1,100000'],
        transactions: [tx('B1', '2026-02-10', 'a1', credit)],
        period: Q1,
        arithmetic,
      }),
      'a1',
      'step_bonus',
    );
  it.each(BOTH)('the hand-computed table of the docs, to the cent (%s)', (arithmetic) => {
    // credit, amount, payout fraction of the component target (the line's rate)
    const table: [string, string, string][] = [
      ['89999.99', '0.00', '0'],
      ['90000.00', '2500.00', '0.5'],
      ['99999.99', '2500.00', '0.5'],
      ['100000.00', '5000.00', '1'],
      ['110000.00', '6250.00', '1.25'],
      ['120000.00', '7500.00', '1.5'],
      ['120100.00', '7512.50', '1.5025'],
      ['130000.00', '8750.00', '1.75'],
    ];
    for (const [credit, amount, rate] of table) {
      const l = pays(credit, {}, arithmetic);
      expect([credit, l.amount, l.rate ?? '0']).toEqual([credit, amount, rate]);
    }
  });
  it('exactly on the step the new level pays, and the trace says so', () => {
    const l = pays('100000.00');
    expect(l.rate).toBe('1');
    const texts = (l.explain?.steps ?? []).map((s) => s.text).join('\n');
    expect(texts).toContain('exactly on the step at 100%');
  });
  it('just below the step the previous level holds (no point a tiny distance below is needed)', () => {
    const l = pays('99999.99');
    expect(l.rate).toBe('0.5');
  });
  it('beyondLast "flat" (the default when absent) keeps the last payout', () => {
    expect(pays('120100.00', { beyondLast: 'flat' }).amount).toBe('7500.00');
    const absent = docPlan('STEP-2026');
    delete comp(absent).beyondLast;
    const r = run({
      plans: [absent],
      participants: [A1],
      quotas: ['a1,bookings,2026-Q1,100000'],
      transactions: [tx('B1', '2026-02-10', 'a1', '130000.00')],
      period: Q1,
    });
    expect(line(r, 'a1', 'step_bonus').amount).toBe('7500.00');
  });
  it('refuses a step on the first point and extend_slope after a final step', () => {
    const errorsOf = (patch: Record<string, unknown>) => {
      const r = validatePlan(docPlan('STEP-2026', patch));
      return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(
      errorsOf({
        curve: [
          { attainment: 0.9, payout: 0.5, step: true },
          { attainment: 1, payout: 1, step: true },
        ],
      }),
    ).toEqual([
      'components[0].curve[0].step: the first point cannot be a step: nothing is paid below it anyway',
      'components[0].beyondLast: "extend_slope" needs a last segment with a slope, but the last point is a step',
    ]);
  });
  it('reads in words with the step and the stated choice beyond the last point, in every case', () => {
    const words = (p: Record<string, unknown>) => planSummary(JSON.stringify(p)).components[0]?.lines;
    expect(words(docPlan('STEP-2026'))).toEqual([
      'Bonus worth 50% of target incentive, on bookings attainment (period); nothing below 0%.',
      '90% attainment pays 50%',
      'step at 100%: below it the payout stays at 50%; from exactly 100% attainment it pays 100%',
      '120% attainment pays 150%',
      "beyond 120% the payout keeps rising at the last segment's slope (2.5% per 1% of attainment), without limit",
    ]);
    const absent = docPlan('STEP-2026');
    delete comp(absent).beyondLast;
    expect(words(absent)?.at(-1)).toBe('beyond 120% the payout stays at 150% (flat)');
  });
});

describe('exact fractions in shares and weights (docs: Fractions in shares and weights)', () => {
  const who = 'a1,Ann Able,P,ae,,400,,,USD'; // 100.00 a quarter
  const quotas = ['new_business', 'renewals', 'services'].map((m) => `a1,${m},2026-Q1,1000`);
  const deals = (n: string, r: string, s: string) =>
    [
      ['N', n, 'new'],
      ['R', r, 'renewal'],
      ['S', s, 'services'],
    ]
      .filter(([, a]) => a !== '0')
      .map(([id, a, type]) => tx(id as string, '2026-02-01', 'a1', a as string, { type: type as string }));
  const amounts = (r: ReturnType<typeof run>) => ['new_third', 'renewal_third', 'services_third'].map((c) => line(r, 'a1', c).amount);
  it.each(BOTH)('three thirds of 100.00 add up to 100.00: the remainder cent goes to the first line (equal remainders) (%s)', (arithmetic) => {
    const r = run({
      plans: [docPlan('THIRDS-2026')],
      participants: [who],
      quotas,
      transactions: deals('1000.00', '1000.00', '1000.00'),
      period: Q1,
      arithmetic,
    });
    expect(amounts(r)).toEqual(['33.34', '33.33', '33.33']);
    expect(total(r, 'a1')).toBe('100.00');
    const steps = (line(r, 'a1', 'new_third').explain?.steps ?? []).map((s) => s.text).join('\n');
    expect(steps).toContain('takes one cent of the remainder');
  });
  it.each(BOTH)('at 100%, 100%, 0% the sum 66.666... pays 66.67 and the line paying nothing gets no cent (%s)', (arithmetic) => {
    const r = run({ plans: [docPlan('THIRDS-2026')], participants: [who], quotas, transactions: deals('1000.00', '1000.00', '0'), period: Q1, arithmetic });
    expect(amounts(r)).toEqual(['33.34', '33.33', '0.00']);
    expect(total(r, 'a1')).toBe('66.67');
  });
  it('with rounding at the total the lines keep every digit and the total is 100.00', () => {
    const p = docPlan('THIRDS-2026');
    p.rounding = { mode: 'half_up', point: 'total' };
    const r = run({ plans: [p], participants: [who], quotas, transactions: deals('1000.00', '1000.00', '1000.00'), period: Q1 });
    expect(line(r, 'a1', 'new_third').amount.startsWith('33.3333333333')).toBe(true);
    expect(total(r, 'a1')).toBe('100.00');
  });
  it('MBO objectives of 1/3 each: scores 100%, 100%, 50% give 5/6 of the target: 30.00 x 5/6 = 25.00; the weights add up exactly', () => {
    const mbo = {
      schemaVersion: 1,
      id: 'P',
      name: 'thirds',
      currency: 'USD',
      periodKind: 'quarter',
      measures: [{ id: 'sales', source: 'amount' }],
      components: [
        {
          id: 'mbo',
          type: 'mbo',
          targetShare: '3/10',
          objectives: ['o1', 'o2', 'o3'].map((id) => ({ id, weight: '1/3' })),
        },
      ],
    };
    for (const arithmetic of BOTH) {
      const r = run({ plans: [mbo], participants: [who], mbo: ['a1,o1,2026-Q1,1', 'a1,o2,2026-Q1,1', 'a1,o3,2026-Q1,0.5'], period: Q1, arithmetic });
      expect(line(r, 'a1', 'mbo').amount).toBe('25.00');
    }
    const bad = structuredClone(mbo);
    (bad.components[0] as { objectives: unknown[] }).objectives = [
      { id: 'o1', weight: '1/3' },
      { id: 'o2', weight: '1/3' },
      { id: 'o3', weight: 0.3333 },
    ];
    const v = validatePlan(bad);
    expect(v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['components[0].objectives: weights must add up to 1']);
    expect(validatePlan({ ...mbo, components: [{ ...mbo.components[0], targetShare: '1/0' }] }).ok).toBe(false);
  });
  it('reads in words as the fraction written, with its percentage', () => {
    const s = planSummary(JSON.stringify(docPlan('THIRDS-2026')));
    expect(s.components[0]?.lines[0]).toBe('Bonus worth 1/3 (33.3333%) of target incentive, on new_business attainment (period); nothing below 0%.');
  });
});

describe('proration by whole months and by working days (docs: Proration)', () => {
  const bonus = (start: string, method = 'whole_months', arithmetic: 'fast' | 'decimal' = 'fast') =>
    line(
      run({
        plans: [{ ...docPlan('MONTHS-2026'), proration: { method, targetIncentive: true, quota: true, draw: true } }],
        participants: [`a1,Ann Able,P,ae,,40000,${start},,USD`],
        quotas: ['a1,bookings,2026-Q1,90000'],
        transactions: [tx('B1', '2026-03-10', 'a1', '30000.00')],
        period: Q1,
        arithmetic,
      }),
      'a1',
      'bonus',
    );
  it.each(BOTH)('joining on the first of the third month is 1 of 3 months: target 3,333.33..., quota 30,000, 100%% pays 3,333.33 (%s)', (arithmetic) => {
    const l = bonus('2026-03-01', 'whole_months', arithmetic);
    expect(l.attainment).toBe('1');
    expect(l.amount).toBe('3333.33');
    const steps = (l.explain?.steps ?? []).map((s) => s.text).join('\n');
    expect(steps).toContain('Proration: active 1 of 3 months (a month counts when active on its 15th)');
  });
  it('the 15th rule: joining 2026-02-15 counts February (2 of 3), 2026-02-16 does not (1 of 3)', () => {
    // 2 of 3: quota 60,000, credit 30,000 is 50%, target 6,666.67 x 50% = 3,333.33
    expect(bonus('2026-02-15').attainment).toBe('0.5');
    expect(bonus('2026-02-16').attainment).toBe('1');
  });
  it('working days: joining Monday 2026-03-02 is 22 of 64 working days; the target 10,000 x 22 / 64 = 3,437.50', () => {
    const l = bonus('2026-03-02', 'working_days');
    // quota 90,000 x 22 / 64 = 30,937.50; 30,000 / 30,937.50 = 96.9697%; 3,437.50 x that = 3,333.33
    expect(l.amount).toBe('3333.33');
    const steps = (l.explain?.steps ?? []).map((s) => s.text).join('\n');
    expect(steps).toContain('active 22 of 64 working days');
  });
  it('calendar days stay the default: 31 of 90 days', () => {
    const steps = (bonus('2026-03-01', 'calendar_days').explain?.steps ?? []).map((s) => s.text).join('\n');
    expect(steps).toContain('Proration: active 31 of 90 days');
  });
  it('reads in words with the method, for every plan', () => {
    expect(planSummary(JSON.stringify(docPlan('MONTHS-2026'))).facts).toContain(
      'A participant active for part of a period has target incentive, quota, draw prorated by whole months (active months / months in the period; a month counts when the participant is active on its 15th).',
    );
    expect(planSummary(JSON.stringify(docPlan('THIRDS-2026'))).facts).toContain(
      'A participant active for part of a period has target incentive, quota, draw prorated by calendar days (active days / days in the period).',
    );
  });
});
