import { describe, expect, it } from 'vitest';
import { commercialBankerPlan, relationshipManagerPlan } from '~/seeds/northwind-plans';
import { componentTables, grouped } from '~/workflows/plans/document';
import { illustrationDataset, planIllustrations } from '~/workflows/plans/illustrations';

const cb = JSON.stringify(commercialBankerPlan, null, 2);

describe('worked illustrations of a plan version, computed by the engine', () => {
  it('builds one participant of the plan, a quota and credited revenue = quota x attainment, without floats', () => {
    const { dataset, revenue } = illustrationDataset(cb, '1.2', { targetIncentive: '40000', quota: '1000000.10' });
    expect(revenue).toBe('1200000.12');
    expect(dataset.period).toBe('2026-Q1');
    expect(dataset.participantsCsv.trim().split('\n')[1]).toBe('P1,Illustration,NW-CB-2026,participant,,40000,,,USD');
    expect(dataset.quotasCsv.trim().split('\n')[1]).toBe('P1,loan_bookings,2026-Q1,1000000.10');
    expect(dataset.transactionsCsv.trim().split('\n')[1]).toBe('T1,2026-02-15,P1,1200000.12,1,product,new,booked,');
  });

  it('NW-CB-2026 v1 at 50, 80, 100, 120 and 150 % of a 1,000,000 quota pays what its marginal tiers say', () => {
    // Tiers on attainment: 0 % below 50 %, 1.5 % from 50 % to 100 %, 2.5 % above 100 %, each on its slice of revenue.
    //  50 %:   500,000 -> nothing above 50 %                                = 0.00
    //  80 %:   800,000 -> 300,000 x 1.5 %                                   = 4500.00
    // 100 %: 1,000,000 -> 500,000 x 1.5 %                                   = 7500.00
    // 120 %: 1,200,000 -> 500,000 x 1.5 % + 200,000 x 2.5 % = 7500 + 5000   = 12500.00
    // 150 %: 1,500,000 -> 500,000 x 1.5 % + 500,000 x 2.5 % = 7500 + 12500  = 20000.00
    const expected = ['0.00', '4500.00', '7500.00', '12500.00', '20000.00'];
    const illustrations = planIllustrations(cb);
    expect(illustrations.map((i) => i.percent)).toEqual(['50%', '80%', '100%', '120%', '150%']);
    expect(illustrations.map((i) => i.revenue)).toEqual(['500000', '800000', '1000000', '1200000', '1500000']);
    expect(illustrations.map((i) => i.problems)).toEqual([[], [], [], [], []]);
    expect(illustrations.map((i) => i.components.map((c) => [c.id, c.amount, c.notIllustrated]))).toEqual(
      expected.map((amount) => [['loan_commission', amount, null]]),
    );
    expect(illustrations.map((i) => i.total)).toEqual(expected);
  });

  it('says a referral component cannot be illustrated instead of showing its zero, and shows no total then', () => {
    const rm = planIllustrations(JSON.stringify(relationshipManagerPlan(true)));
    const at100 = rm[2]!;
    expect(at100.components.find((c) => c.id === 'referral_incentive')).toMatchObject({ amount: null, notIllustrated: expect.stringContaining('referral') });
    // The bonus is 100 % of the 40,000 target incentive at 100 % attainment.
    expect(at100.components.find((c) => c.id === 'quarterly_bonus')?.amount).toBe('40000.00');
    expect(at100.total).toBeNull();
  });
});

describe('the tables of the plan document', () => {
  it('states tiers with their upper ends, curves, caps and gates as a participant reads them', () => {
    expect(componentTables(cb).loan_commission).toEqual([
      {
        caption: 'Rate tiers (marginal: each slice is paid at its own tier’s rate)',
        head: ['From attainment', 'Up to', 'Rate'],
        rows: [
          ['0%', '50%', '0%'],
          ['50%', '100%', '1.5%'],
          ['100%', 'and above', '2.5%'],
        ],
      },
    ]);
    const gated = {
      ...relationshipManagerPlan(true),
      components: [
        { ...relationshipManagerPlan(true).components[0], gate: { measure: 'deposits', minAttainment: 0.6, whenClosed: { kind: 'amount', amount: 0 } } },
      ],
    };
    const [curve, limits] = componentTables(JSON.stringify(gated)).quarterly_bonus!;
    expect(curve?.rows).toEqual([
      ['75%', '50%'],
      ['100%', '100%'],
      ['125%', '150%'],
    ]);
    expect(limits?.rows).toEqual([
      ['Cap', 'pays at most 150% of target incentive'],
      ['Gate', 'unless deposits attainment reaches 60%, pays at most 0.00'],
    ]);
  });

  it('groups a decimal string by thousands without a float', () => {
    expect(grouped('12345678901234567.25')).toBe('12,345,678,901,234,567.25');
    expect(grouped('-4500.00')).toBe('-4,500.00');
    expect(grouped('500')).toBe('500');
  });
});

describe('measures an illustration cannot set from quota and revenue', () => {
  it('a measure counting transactions, or dated outside the illustration, is named instead of paying a wrong number', () => {
    const counted = { ...commercialBankerPlan, measures: [{ ...commercialBankerPlan.measures[0], source: 'count' }] };
    expect(planIllustrations(JSON.stringify(counted))[2]!.components[0]).toEqual({
      id: 'loan_commission',
      name: 'Loan commission',
      amount: null,
      notIllustrated: 'its measure loan_bookings cannot be set from one quota and credited revenue',
    });
    const dated = { ...commercialBankerPlan, measures: [{ ...commercialBankerPlan.measures[0], filter: { types: ['new'], dateFrom: '2026-03-01' } }] };
    expect(planIllustrations(JSON.stringify(dated))[2]!.components[0]?.amount).toBeNull();
  });
});
