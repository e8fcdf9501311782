import { describe, expect, it } from 'vitest';
import { computePeriodKpis, fixedKpis, kpiDefinition, kpisOf, meanOverPeriods, type PeriodData, verdictOf } from '~/workflows/e3/kpis';
import { parseEvents, parseResults } from '~/workflows/e3/programme-files';
import { e3Fixture } from '../support/e3';

function period(f: typeof e3Fixture.q1): PeriodData {
  const results = parseResults(f.results);
  const events = parseEvents(f.events, new Set(results.rows.map((r) => r.participant)));
  expect([...results.problems, ...events.problems]).toEqual([]);
  return { period: f.period, closeDate: f.closeDate, paymentDate: f.paymentDate, results: results.rows, events: events.rows };
}

describe('E3 KPIs against a hand-computed set of two quarters and twelve participants', () => {
  const q1 = period(e3Fixture.q1);
  const q2 = period(e3Fixture.q2);

  it('computes every KPI of the first quarter as worked out by hand', () => {
    expect(computePeriodKpis(q1)).toEqual({
      // 10000+7000+5500+5000+4500+4000+3500+3000+2500+2000+1500+1000
      incentiveCost: '49500.00',
      // 49500 / 949999 credited revenue x 100 = 5.2105...
      costOfSales: '5.21',
      // P01, P02, P03 (exactly at quota); P04 at 99.999%; P12 has a quota of 0: 3 of 12
      atQuota: '25.00',
      // top decile = ceil(12/10) = 2: (10000+7000)/2 = 8500; median = (4000+3500)/2 = 3750; 8500/3750 = 2.2667
      differentiation: '2.27',
      // P01's Revenue line was capped: 1 of 12
      capHits: '8.33',
      // 3 disputes / 12 x 100
      disputeRate: '25.00',
      // resolved in 10 and 3 days (one still open): median 6.5
      disputeDays: '6.5',
      // 2 adjustments / 12 x 100 = 16.666...
      adjustmentRate: '16.67',
      // (|300| + |-200|) / 49500 x 100 = 1.0101
      adjustmentShare: '1.01',
      // 2025-03-31 to 2025-04-25
      cycleDays: '25',
      // 7000 / 49500 x 100 = 14.1414; 42500 / 49500 x 100 = 85.8585
      'share:Bonus': '14.14',
      'share:Revenue': '85.86',
    });
  });

  it('computes every KPI of the second quarter as worked out by hand', () => {
    expect(computePeriodKpis(q2)).toEqual({
      incentiveCost: '54000.00',
      // 54000 / 1015000 x 100 = 5.3202
      costOfSales: '5.32',
      // P01 to P04: 4 of 12 = 33.333...
      atQuota: '33.33',
      // top 2: (8000+7500)/2 = 7750; median (4500+4000)/2 = 4250; 7750/4250 = 1.8235
      differentiation: '1.82',
      capHits: '8.33',
      // 4 disputes / 12
      disputeRate: '33.33',
      // resolved in 4, 10, 20 and 1 days: median (4+10)/2 = 7
      disputeDays: '7.0',
      adjustmentRate: '8.33',
      // 1000 / 54000 x 100 = 1.85185
      adjustmentShare: '1.85',
      cycleDays: '20',
      // 8000 / 54000 = 14.8148; 46000 / 54000 = 85.1852
      'share:Bonus': '14.81',
      'share:Revenue': '85.19',
    });
  });

  it('takes a KPI over several periods as the mean of their values, rounded half up', () => {
    expect(meanOverPeriods('incentiveCost', ['49500.00', '54000.00'])).toBe('51750.00');
    // (5.21 + 5.32) / 2 = 5.265 -> 5.27
    expect(meanOverPeriods('costOfSales', ['5.21', '5.32'])).toBe('5.27');
    expect(meanOverPeriods('disputeDays', [null, '7.0'])).toBe('7.0');
    expect(meanOverPeriods('disputeDays', [null, null])).toBeNull();
  });

  it('gives no value where a period cannot: no resolved dispute, a median payout of 0', () => {
    const empty: PeriodData = { ...q1, events: [], results: q1.results.map((r) => ({ ...r, payout: '0' })) };
    const k = computePeriodKpis(empty);
    expect(k.disputeDays).toBeNull();
    expect(k.differentiation).toBeNull();
    expect(k.adjustmentShare).toBeNull();
    expect(k.disputeRate).toBe('0.00');
  });

  it('lists the fixed KPIs and one share per component, each with its formula', () => {
    expect(kpisOf([q1, q2]).map((k) => k.key)).toEqual([...fixedKpis.map((k) => k.key), 'share:Bonus', 'share:Revenue']);
    for (const k of kpisOf([q1])) expect(k.formula.length).toBeGreaterThan(20);
    expect(kpiDefinition('differentiation')!.formula).toContain('ceil(n ÷ 10)');
    expect(kpiDefinition('nonsense')).toBeUndefined();
  });

  it('judges a value better, within tolerance or worse by the KPI’s direction', () => {
    expect(verdictOf('disputeRate', '33.33', '25.00', '5')).toBe('worse');
    expect(verdictOf('disputeRate', '20.00', '25.00', '5')).toBe('within');
    expect(verdictOf('disputeRate', '19.99', '25.00', '5')).toBe('better');
    expect(verdictOf('atQuota', '33.33', '25.00', '5')).toBe('better');
    expect(verdictOf('share:Bonus', '20.00', '14.00', '5')).toBe('worse');
    expect(verdictOf('share:Bonus', '10.00', '14.00', '5')).toBe('within');
    expect(verdictOf('disputeDays', null, '7', '1')).toBe('worse');
    expect(verdictOf('disputeDays', '7', null, '1')).toBeNull();
  });
});
