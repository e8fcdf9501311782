/**
 * Weekly and two-week plans in the portal: the editor offers and applies them (the cycle's first day
 * is an optional field), the plan in words says what a week or a cycle is, and the plan document's
 * illustrations run on a period of the plan (a cycle of its own anchor).
 */
import { describe, expect, it } from 'vitest';
import { validatePlan } from '~/engine';
import { commercialBankerPlan } from '~/seeds/northwind-plans';
import { applyFields, type JsonObject } from '~/workflows/plans/editor';
import { illustrationDataset, planIllustrations } from '~/workflows/plans/illustrations';
import { draftCaseFromExample } from '~/workflows/testing/from-example';
import { periodNoun, planSummary } from '~/workflows/testing/plan-summary';

const cb = () => structuredClone(commercialBankerPlan) as unknown as JsonObject;

describe('weekly and two-week plans in the portal', () => {
  it('the editor switches a plan to two-week cycles with their first day, and an empty first day leaves none', () => {
    const two = applyFields(cb(), { periodKind: 'two_weeks', periodAnchor: '2026-01-05' });
    expect([two.periodKind, two.periodAnchor]).toEqual(['two_weeks', '2026-01-05']);
    expect(validatePlan(two).ok).toBe(true);
    const weekly = applyFields(two, { periodKind: 'week', periodAnchor: '' });
    expect(weekly.periodKind).toBe('week');
    expect(Object.hasOwn(weekly, 'periodAnchor')).toBe(false);
    expect(validatePlan(weekly).ok).toBe(true);
  });

  it('the plan in words says what a week and a cycle are', () => {
    const text = (extra: Record<string, unknown>) => planSummary(JSON.stringify({ ...cb(), ...extra })).facts[0];
    expect(text({ periodKind: 'week' })).toBe('Pays by week (ISO weeks, Monday to Sunday; a year has 52 or 53) in USD.');
    expect(text({ periodKind: 'two_weeks', periodAnchor: '2026-01-05' })).toBe(
      'Pays by two-week cycle (14 days, repeating from 2026-01-05; the cycles starting in a calendar year make its year, 26 or 27) in USD.',
    );
    expect(text({ periodKind: 'quarter' })).toBe('Pays by quarter in USD.');
    expect(periodNoun('two_weeks')).toBe('two-week cycle');
  });

  it('illustrates a weekly plan on 2026-W03 and a two-week plan on its own cycle', () => {
    const weekly = JSON.stringify({ ...cb(), periodKind: 'week' });
    expect(illustrationDataset(weekly, '1').dataset.period).toBe('2026-W03');
    const two = JSON.stringify({ ...cb(), periodKind: 'two_weeks', periodAnchor: '2025-12-31' });
    const { dataset } = illustrationDataset(two, '1');
    expect(dataset.period).toBe('2026-01-14/P2W');
    expect(dataset.transactionsCsv).toContain(',2026-01-21,');
    // the engine runs the dataset: the marginal tiers on attainment pay as for a quarter (100%: 500,000 x 1.5%)
    const at100 = planIllustrations(two)[2];
    expect(at100?.problems).toEqual([]);
    expect(at100?.total).toBe('7500.00');
  });

  it('a payout case drafted from a weekly example dates its sale inside the week and annualises the target by the 53 weeks of 2026, exactly', () => {
    const compiled = validatePlan({ ...cb(), periodKind: 'week' });
    if (!compiled.ok) throw new Error('plan refused');
    const drafted = draftCaseFromExample(
      compiled.value,
      {
        name: 'A week',
        inputs: [
          { label: 'Weekly target incentive', value: '100.10' },
          { label: 'Period', value: '2026-W05' },
          { label: 'Loan bookings', value: '5000' },
        ],
        expected: [{ component: 'loan commission', amount: '0.00' }],
      },
      '2026-W01',
    );
    if (!drafted.ok) throw new Error(drafted.problems.join('; '));
    expect(drafted.dataset.participantsCsv).toContain(',5305.3,');
    expect(drafted.dataset.transactionsCsv).toContain('T1,2026-01-29,P1,5000,');
  });
});
