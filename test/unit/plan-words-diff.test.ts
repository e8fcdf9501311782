import { describe, expect, it } from 'vitest';
import { commercialBankerPlan, relationshipManagerPlan } from '~/seeds/northwind-plans';
import { diffPlanInWords } from '~/workflows/plans/words-diff';
import { planSummary } from '~/workflows/testing/plan-summary';

const words = (doc: object) => planSummary(JSON.stringify(doc));

describe('the plan in words of two versions compared (issue 11: the difference in words)', () => {
  it('the same document: nothing is marked', () => {
    const d = diffPlanInWords(words(commercialBankerPlan), words(commercialBankerPlan));
    expect(d.changed).toBe(false);
    expect(d.components.map((c) => c.status)).toEqual(['unchanged']);
    expect([...d.facts.before, ...d.facts.after, ...d.components[0]!.before!, ...d.components[0]!.after!].every((l) => l.op === 'same')).toBe(true);
  });

  it('a changed tier rate: the component is changed, the old sentence removed on the left and the new one added on the right', () => {
    const richer = {
      ...commercialBankerPlan,
      components: commercialBankerPlan.components.map((c) => ({ ...c, tiers: c.tiers.map((t) => (t.from === 1 ? { ...t, rate: 0.03 } : t)) })),
    };
    const d = diffPlanInWords(words(commercialBankerPlan), words(richer));
    expect(d.changed).toBe(true);
    const [c] = d.components;
    expect(c!.status).toBe('changed');
    expect(c!.before!.filter((l) => l.op !== 'same')).toEqual([{ text: 'from 100%: 2.5%', op: 'removed' }]);
    expect(c!.after!.filter((l) => l.op !== 'same')).toEqual([{ text: 'from 100%: 3%', op: 'added' }]);
    // Everything else of the component stays, in order, on both sides.
    expect(c!.after!.map((l) => l.text)).toEqual([
      'Loan commission (rate_table)',
      'marginal rates on loan_bookings by attainment, period scope:',
      'from 0%: 0%',
      'from 50%: 1.5%',
      'from 100%: 3%',
    ]);
    expect(d.facts.changed || d.measures.changed).toBe(false);
  });

  it('NW-RM-2026 v1 -> v2: the curve loses its last point and gains a cap; the referral is unchanged', () => {
    const d = diffPlanInWords(words(relationshipManagerPlan(false)), words(relationshipManagerPlan(true)));
    const bonus = d.components.find((c) => c.id === 'quarterly_bonus')!;
    expect(bonus.status).toBe('changed');
    // the curve in words states what happens beyond its last point, which moves with it
    expect(bonus.before!.filter((l) => l.op === 'removed').map((l) => l.text)).toEqual([
      '200% attainment pays 300%',
      'beyond 200% the payout stays at 300% (flat)',
    ]);
    expect(bonus.after!.filter((l) => l.op === 'added').map((l) => l.text)).toEqual([
      'beyond 125% the payout stays at 150% (flat)',
      'Capped at most 150% of target incentive.',
    ]);
    expect(d.components.find((c) => c.id === 'referral_incentive')!.status).toBe('unchanged');
  });

  it('a component only in one version is added or removed whole; a measure that changes is marked', () => {
    const before = {
      ...commercialBankerPlan,
      components: [
        ...commercialBankerPlan.components,
        { id: 'referrals', name: 'Referrals', type: 'referral', transactionType: 'referral', amountPerReferral: 100 },
      ],
    };
    const after = {
      ...commercialBankerPlan,
      measures: [{ ...commercialBankerPlan.measures[0]!, filter: { types: ['new', 'renewal'] } }],
      components: [...commercialBankerPlan.components, { id: 'spot', name: 'Spot bonus', type: 'referral', transactionType: 'spot', amountPerReferral: 50 }],
    };
    const d = diffPlanInWords(words(before), words(after));
    expect(d.components.map((c) => [c.id, c.status])).toEqual([
      ['loan_commission', 'unchanged'],
      ['spot', 'added'],
      ['referrals', 'removed'],
    ]);
    expect(d.components[1]!.before).toBeNull();
    expect(d.components[1]!.after!.every((l) => l.op === 'added')).toBe(true);
    expect(d.components[2]!.after).toBeNull();
    expect(d.components[2]!.before!.every((l) => l.op === 'removed')).toBe(true);
    expect(d.measures.changed).toBe(true);
    expect(d.measures.after[0]).toEqual({ text: 'loan_bookings (New loan bookings): amount of transactions with type new or renewal.', op: 'added' });
  });
});
