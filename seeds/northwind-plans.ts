/** Northwind's plans as engine documents (see docs/plan-format.md). */
export const commercialBankerPlan = {
  schemaVersion: 1,
  id: 'NW-CB-2026',
  name: 'Commercial banker plan 2026',
  currency: 'USD',
  periodKind: 'quarter',
  measures: [{ id: 'loan_bookings', name: 'New loan bookings', source: 'amount', filter: { types: ['new'] } }],
  components: [
    {
      id: 'loan_commission',
      name: 'Loan commission',
      type: 'rate_table',
      measure: 'loan_bookings',
      basis: 'attainment',
      method: 'marginal',
      boundary: 'higher',
      scope: 'period',
      tiers: [
        { from: 0, rate: 0 },
        { from: 0.5, rate: 0.015 },
        { from: 1, rate: 0.025 },
      ],
    },
  ],
};

/** Relationship managers: a quarterly bonus on a curve capped at 150% of target, and a referral incentive. */
export const relationshipManagerPlan = (capped: boolean) => ({
  schemaVersion: 1,
  id: 'NW-RM-2026',
  name: 'Relationship manager plan 2026',
  currency: 'USD',
  periodKind: 'quarter',
  targetIncentive: { basis: 'per_period' },
  measures: [{ id: 'deposits', name: 'Deposit growth', source: 'amount', filter: { types: ['deposit'] } }],
  components: [
    {
      id: 'quarterly_bonus',
      name: 'Quarterly bonus',
      type: 'attainment_bonus',
      measure: 'deposits',
      scope: 'period',
      targetShare: 1,
      threshold: 0.75,
      curve: capped
        ? [
            { attainment: 0.75, payout: 0.5 },
            { attainment: 1, payout: 1 },
            { attainment: 1.25, payout: 1.5 },
          ]
        : [
            { attainment: 0.75, payout: 0.5 },
            { attainment: 1, payout: 1 },
            { attainment: 1.25, payout: 1.5 },
            { attainment: 2, payout: 3 },
          ],
      ...(capped ? { cap: { kind: 'share_of_target_incentive', share: 1.5 } } : {}),
    },
    { id: 'referral_incentive', name: 'Referral incentive', type: 'referral', transactionType: 'referral', amountPerReferral: 150 },
  ],
});
