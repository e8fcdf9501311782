/**
 * Issue 13: the designed pay curve is the plan's own rule run by the engine for the dataset's typical
 * participant. Checked against a plan whose curve is known by hand: an attainment bonus paying 50 % of
 * target at 80 % attainment, 100 % at 100 %, 150 % at 120 % and beyond, nothing below 80 %.
 */
import { describe, expect, it } from 'vitest';
import { designedCurve, typicalParticipant } from '~/workflows/modeling/designed-curve';

const plan = JSON.stringify({
  schemaVersion: 1,
  id: 'BONUS',
  name: 'Bonus plan',
  currency: 'USD',
  periodKind: 'quarter',
  targetIncentive: { basis: 'per_period' },
  measures: [{ id: 'revenue', name: 'Revenue', source: 'amount' }],
  components: [
    {
      id: 'bonus',
      name: 'Quarterly bonus',
      type: 'attainment_bonus',
      measure: 'revenue',
      scope: 'period',
      targetShare: 1,
      threshold: '0.8',
      curve: [
        { attainment: '0.8', payout: '0.5' },
        { attainment: '1', payout: '1' },
        { attainment: '1.2', payout: '1.5' },
      ],
    },
  ],
});

const dataset = {
  period: '2026-Q1',
  participantsCsv:
    'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\nA,A,BONUS,rep,,9000,,,USD\nB,B,BONUS,rep,,10000,,,USD\nC,C,BONUS,manager,,50000,,,USD\n',
  quotasCsv: 'participant_id,measure,period,quota\nA,revenue,2026-Q1,100000\nB,revenue,2026-Q1,200000\nC,revenue,2026-Q1,900000\nC,revenue,2026-Q2,1\n',
};

describe('the designed pay curve (issue 13)', () => {
  it('takes the most common role, the median target incentive and the median quota of the period', () => {
    expect(typicalParticipant(dataset)).toEqual({ role: 'rep', targetIncentive: '10000', quotas: { revenue: '200000' } });
  });

  it('is what the engine pays the typical participant at each 5-point step of attainment', () => {
    const curve = designedCurve(plan, dataset);
    if (!curve) throw new Error('no curve');
    expect(curve.points).toHaveLength(41);
    const at = (a: string) => curve.points.find((p) => p.attainment === a)?.payoutPct;
    expect(at('0.75')).toBe('0.00');
    expect(at('0.80')).toBe('50.00');
    expect(at('0.90')).toBe('75.00');
    expect(at('1.00')).toBe('100.00');
    expect(at('1.10')).toBe('125.00');
    expect(at('1.20')).toBe('150.00');
    expect(at('2.00')).toBe('150.00');
    expect(curve.rule).toMatch(/rep with the dataset's median target incentive \(10000\)/);
  });

  it('gives no curve when the dataset has no quota for its period', () => {
    expect(designedCurve(plan, { ...dataset, quotasCsv: 'participant_id,measure,period,quota\nA,revenue,2026-Q2,1\n' })).toBeNull();
  });
});
