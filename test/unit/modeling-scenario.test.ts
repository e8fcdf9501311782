/**
 * Scenario changes (workflows/modeling/scenario.ts, issue 13): each kind of change applied to
 * Northwind's plans, a change that breaks the plan refused by its index, quotas and target incentives
 * scaled exactly in CSVs the engine accepts, the engine's total for a changed plan equal to a figure
 * worked by hand, and the points of a sensitivity sweep.
 */
import { describe, expect, it } from 'vitest';
import { Decimal, validatePlan } from '~/engine';
import { commercialBankerPlan, relationshipManagerPlan } from '~/seeds/northwind-plans';
import { parallelInputs } from '~/seeds/northwind-testing';
import {
  applyDatasetChanges,
  applyScenario,
  type DatasetChange,
  describeChange,
  describeScenario,
  type ScenarioChange,
  sweep,
  sweepVariables,
} from '~/workflows/modeling/scenario';
import { type PayoutDataset, runEngine } from '~/workflows/testing/engine-run';

const cbText = JSON.stringify(commercialBankerPlan, null, 2);
const rmText = JSON.stringify(relationshipManagerPlan(true), null, 2);

// biome-ignore lint/suspicious/noExplicitAny: a test reads into the changed document freely
function applied(document: string, changes: ScenarioChange[]): any {
  const r = applyScenario(document, changes);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(validatePlan(JSON.parse(r.document)).ok).toBe(true);
  return JSON.parse(r.document);
}

/** The sum of the engine's lines, to the cent. */
function engineTotal(document: string, dataset: PayoutDataset): string {
  const run = runEngine(document, dataset, { explain: false });
  if (!run.ok) throw new Error(JSON.stringify(run.problems));
  return run.lines.reduce((sum, l) => sum.plus(l.amount), new Decimal(0)).toFixed(2);
}

describe('each change kind applied to a Northwind plan', () => {
  it('a tier rate and a tier bound of NW-CB-2026, written as the exact decimal strings', () => {
    const doc = applied(cbText, [
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' },
      { kind: 'tier_from', componentId: 'loan_commission', tier: 1, from: '0.6' },
    ]);
    expect(doc.components[0].tiers).toEqual([
      { from: 0, rate: 0 },
      { from: '0.6', rate: 0.015 },
      { from: 1, rate: '0.03' },
    ]);
  });

  it("a component's cap and the plan's total cap, set and removed", () => {
    const capped = applied(cbText, [
      { kind: 'component_cap', componentId: 'loan_commission', cap: { kind: 'amount', amount: '25000' } },
      { kind: 'total_cap', cap: { kind: 'share_of_target_incentive', share: '2' } },
    ]);
    expect(capped.components[0].cap).toEqual({ kind: 'amount', amount: '25000' });
    expect(capped.totalCap).toEqual({ kind: 'share_of_target_incentive', share: '2' });
    const uncapped = applied(rmText, [{ kind: 'component_cap', componentId: 'quarterly_bonus', cap: null }]);
    expect(uncapped.components[0]).not.toHaveProperty('cap');
    const noTotal = applied(JSON.stringify(capped), [{ kind: 'total_cap', cap: null }]);
    expect(noTotal).not.toHaveProperty('totalCap');
  });

  it("an attainment bonus's threshold and target share, and a gate's minimum attainment", () => {
    const gated = {
      ...relationshipManagerPlan(true),
      components: [
        relationshipManagerPlan(true).components[0],
        {
          ...relationshipManagerPlan(true).components[1],
          gate: { measure: 'deposits', minAttainment: 0.8, whenClosed: { kind: 'amount', amount: 0 } },
        },
      ],
    };
    const doc = applied(JSON.stringify(gated), [
      { kind: 'bonus_threshold', componentId: 'quarterly_bonus', threshold: '0.8' },
      { kind: 'target_share', componentId: 'quarterly_bonus', targetShare: '1.2' },
      { kind: 'gate_min_attainment', componentId: 'referral_incentive', minAttainment: '0.9' },
    ]);
    expect(doc.components[0].threshold).toBe('0.8');
    expect(doc.components[0].targetShare).toBe('1.2');
    expect(doc.components[1].gate.minAttainment).toBe('0.9');
  });

  it('a component added (checked against the plan format) and one removed', () => {
    const referral = { id: 'loan_referral', name: 'Loan referral', type: 'referral', transactionType: 'referral', amountPerReferral: '200' };
    const doc = applied(cbText, [{ kind: 'add_component', component: referral }]);
    expect(doc.components.map((c: { id: string }) => c.id)).toEqual(['loan_commission', 'loan_referral']);
    expect(doc.components[1]).toEqual(referral);
    const rm = applied(rmText, [{ kind: 'remove_component', componentId: 'referral_incentive' }]);
    expect(rm.components.map((c: { id: string }) => c.id)).toEqual(['quarterly_bonus']);
    // A component the plan format does not know is refused before it reaches the document.
    const bad = applyScenario(cbText, [
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' },
      { kind: 'add_component', component: { id: 'x', type: 'referral', transactionType: 'referral' } },
    ]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems).toEqual([{ change: 1, message: 'component.amountPerReferral: Invalid input' }]);
  });

  it('target incentive and quota scaling are dataset changes: the document is unchanged and they come back in order', () => {
    const changes: ScenarioChange[] = [
      { kind: 'quota_scale', percent: '10' },
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' },
      { kind: 'target_incentive_scale', factor: '1.1', role: 'commercial banker' },
    ];
    const r = applyScenario(cbText, changes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.datasetChanges).toEqual([changes[0], changes[2]]);
    expect(JSON.parse(r.document).components[0].tiers[2].rate).toBe('0.03');
    expect(applied(cbText, [changes[0]!])).toEqual(JSON.parse(cbText));
  });
});

describe('a change that makes the plan invalid is refused, naming the change', () => {
  it('a tier bound below the tier before it: the problem carries the index of the change and the path', () => {
    const r = applyScenario(cbText, [
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' },
      { kind: 'quota_scale', percent: '10' },
      { kind: 'tier_from', componentId: 'loan_commission', tier: 2, from: '0.4' },
    ]);
    expect(r).toEqual({
      ok: false,
      problems: [{ change: 2, path: 'components[0].tiers[2].from', message: 'components[0].tiers[2].from: must be greater than tiers[1].from' }],
    });
  });

  it('removing the only component, a duplicate component id, and a change that names what the plan does not have', () => {
    const r = applyScenario(cbText, [
      { kind: 'add_component', component: { id: 'loan_commission', type: 'referral', transactionType: 'referral', amountPerReferral: '1' } },
      { kind: 'bonus_threshold', componentId: 'loan_commission', threshold: '0.5' },
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 5, rate: '0.03' },
      { kind: 'gate_min_attainment', componentId: 'nope', minAttainment: '1' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { change: 1, message: 'Loan commission is not an attainment bonus (it is rate_table): it has no threshold' },
      { change: 2, message: 'Loan commission has no tier 6 (it has 3)' },
      { change: 3, message: 'the plan has no component "nope"' },
      { change: 0, path: 'components[1].id', message: 'components[1].id: duplicate component id "loan_commission"' },
    ]);
    const empty = applyScenario(cbText, [{ kind: 'remove_component', componentId: 'loan_commission' }]);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.problems.map((p) => p.change)).toEqual([0]);
  });

  it('a problem followed across a removal that shifts the components, and one the base already had (path only)', () => {
    const twoComponents = JSON.stringify(
      applied(cbText, [{ kind: 'add_component', component: { id: 'ref', type: 'referral', transactionType: 'referral', amountPerReferral: '5' } }]),
    );
    const r = applyScenario(twoComponents, [
      {
        kind: 'add_component',
        component: { id: 'extra', type: 'rate_table', measure: 'none', basis: 'amount', method: 'marginal', scope: 'period', tiers: [{ from: 0, rate: 0.01 }] },
      },
      { kind: 'remove_component', componentId: 'loan_commission' },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ change: 0, path: 'components[1].measure', message: 'components[1].measure: unknown measure "none"' }]);
    const broken = JSON.stringify({ ...commercialBankerPlan, totalCap: { kind: 'amount', amount: '-1' } });
    const b = applyScenario(broken, [{ kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' }]);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.problems).toEqual([{ change: null, path: 'totalCap.amount', message: 'totalCap.amount: must not be negative' }]);
  });

  it('a value that is not a decimal is refused by the change schema, by index', () => {
    const r = applyScenario(cbText, [{ kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '3 %' } as ScenarioChange]);
    expect(r).toEqual({ ok: false, problems: [{ change: 0, message: 'rate: must be a decimal number such as 0.03' }] });
  });
});

/** Three commercial bankers and three senior bankers, with cents that round. */
const mixed: PayoutDataset = {
  period: '2026-Q3',
  participantsCsv: [
    'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency',
    'B1,"Lee, Avery",NW-CB-2026,commercial banker,,40000,,,USD',
    'B2,Bo Svensson,NW-CB-2026,senior banker,,33333.33,,,USD',
    'B3,Chioma Eze,NW-CB-2026,commercial banker,,40000,,,USD',
    '',
  ].join('\n'),
  quotasCsv: [
    'participant_id,measure,period,quota',
    'B1,loan_bookings,2026-Q3,1000000',
    'B2,loan_bookings,2026-Q3,100.10',
    'B3,loan_bookings,2026-Q3,333333.33',
    '',
  ].join('\n'),
  transactionsCsv: [
    'transaction_id,date,participant_id,amount,quantity,product,type,status,split',
    'L1,2026-08-10,B1,1300000,1,loan,new,booked,',
    'L2,2026-08-11,B2,150,1,loan,new,booked,',
    'L3,2026-08-12,B3,350000,1,loan,new,booked,',
    '',
  ].join('\n'),
};

describe('dataset changes: exact CSVs the engine accepts', () => {
  it('quotas +10 % on the six bankers', () => {
    const out = applyDatasetChanges(parallelInputs, [{ kind: 'quota_scale', percent: '10' }]);
    expect(out.quotasCsv).toBe(
      `participant_id,measure,period,quota\n${['B1', 'B2', 'B3', 'B4', 'B5', 'B6'].map((b) => `${b},loan_bookings,2026-Q3,1100000.00`).join('\n')}\n`,
    );
    expect(out.participantsCsv).toBe(parallelInputs.participantsCsv);
    expect(out.transactionsCsv).toBe(parallelInputs.transactionsCsv);
    expect(runEngine(cbText, out).ok).toBe(true);
  });

  it('per role, rounded to the cent half up (100.10 × 1.05 = 105.105 -> 105.11), a quoted name kept quoted', () => {
    const changes: DatasetChange[] = [
      { kind: 'quota_scale', percent: '5', role: 'senior banker' },
      // 333333.33 × 0.95 = 316666.6635 -> 316666.66
      { kind: 'quota_scale', percent: '-5', role: 'commercial banker' },
      // 33333.33 × 1.1 = 36666.663 -> 36666.66; only the senior banker's row
      { kind: 'target_incentive_scale', factor: '1.1', role: 'senior banker' },
    ];
    const out = applyDatasetChanges(mixed, changes);
    expect(out.quotasCsv).toBe(
      'participant_id,measure,period,quota\nB1,loan_bookings,2026-Q3,950000.00\nB2,loan_bookings,2026-Q3,105.11\nB3,loan_bookings,2026-Q3,316666.66\n',
    );
    expect(out.participantsCsv).toBe(
      [
        'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency',
        'B1,"Lee, Avery",NW-CB-2026,commercial banker,,40000,,,USD',
        'B2,Bo Svensson,NW-CB-2026,senior banker,,36666.66,,,USD',
        'B3,Chioma Eze,NW-CB-2026,commercial banker,,40000,,,USD',
        '',
      ].join('\n'),
    );
    expect(runEngine(cbText, out).ok).toBe(true);
  });
});

describe("the engine's total for a changed plan equals the hand-computed figure", () => {
  it("NW-CB-2026's top tier raised to 3 % on the six bankers of the parallel run", () => {
    const r = applyScenario(cbText, [{ kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' }]);
    if (!r.ok) throw new Error('refused');
    // Quota 1,000,000 each; marginal tiers by attainment: 0 below 500,000, 1.5% from 500,000 to 1,000,000, 3% above.
    //   B1 1,300,000: 500,000 × 0.015 + 300,000 × 0.03 = 7,500 + 9,000  = 16,500
    //   B2   900,000: 400,000 × 0.015                  =                 6,000
    //   B3   450,000: below 50%                        =                     0
    //   B4 1,100,000: 7,500 + 100,000 × 0.03           = 7,500 + 3,000  = 10,500
    //   B5 1,000,000: 7,500                            =                 7,500
    //   B6 2,000,000: 7,500 + 1,000,000 × 0.03         = 7,500 + 30,000 = 37,500
    //   total 16,500 + 6,000 + 0 + 10,500 + 7,500 + 37,500 = 78,000.00
    expect(engineTotal(r.document, applyDatasetChanges(parallelInputs, r.datasetChanges))).toBe('78000.00');
    // The base plan pays 15,000 + 6,000 + 0 + 10,000 + 7,500 + 32,500 = 71,000.00.
    expect(engineTotal(cbText, parallelInputs)).toBe('71000.00');
  });

  it('the same with quotas +10 %', () => {
    const r = applyScenario(cbText, [
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' },
      { kind: 'quota_scale', percent: '10' },
    ]);
    if (!r.ok) throw new Error('refused');
    // Quota 1,100,000: 1.5% from 550,000 to 1,100,000 (at most 8,250), 3% above.
    //   B1 1,300,000: 8,250 + 200,000 × 0.03 = 14,250;  B2 900,000: 350,000 × 0.015 = 5,250;  B3: 0
    //   B4 1,100,000: 8,250;  B5 1,000,000: 450,000 × 0.015 = 6,750;  B6 2,000,000: 8,250 + 900,000 × 0.03 = 35,250
    //   total 14,250 + 5,250 + 0 + 8,250 + 6,750 + 35,250 = 69,750.00
    expect(engineTotal(r.document, applyDatasetChanges(parallelInputs, r.datasetChanges))).toBe('69750.00');
  });

  it('NW-RM-2026 (capped) with target incentives × 1.1 and the bonus worth 120 %', () => {
    const rmData: PayoutDataset = {
      period: '2026-Q3',
      participantsCsv:
        'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\nR1,Ana Ruiz,NW-RM-2026,relationship manager,,5000,,,USD\nR2,Ben Ode,NW-RM-2026,relationship manager,,5000,,,USD\n',
      quotasCsv: 'participant_id,measure,period,quota\nR1,deposits,2026-Q3,1000000\nR2,deposits,2026-Q3,1000000\n',
      transactionsCsv:
        'transaction_id,date,participant_id,amount,quantity,product,type,status,split\nD1,2026-07-15,R1,1400000,1,savings,deposit,booked,\nD2,2026-07-16,R2,900000,1,savings,deposit,booked,\nF1,2026-08-01,R2,0,1,referral,referral,booked,\n',
    };
    const r = applyScenario(rmText, [
      { kind: 'target_incentive_scale', factor: '1.1' },
      { kind: 'target_share', componentId: 'quarterly_bonus', targetShare: '1.2' },
    ]);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    // Target incentive per quarter 5,000 × 1.1 = 5,500; the bonus target is 1.2 × 5,500 = 6,600.
    //   R1 at 140%: the curve is flat beyond 125% at 1.5 -> 6,600 × 1.5 = 9,900; the cap is 150% of the
    //      target incentive, 5,500 × 1.5 = 8,250, so 8,250.
    //   R2 at 90%: 0.5 + (0.90 - 0.75) / 0.25 × 0.5 = 0.8 -> 6,600 × 0.8 = 5,280; one referral 150.
    //   total 8,250 + 5,280 + 150 = 13,680.00
    expect(engineTotal(r.document, applyDatasetChanges(rmData, r.datasetChanges))).toBe('13680.00');
  });
});

describe('in words', () => {
  it('says what a change does and what the value was', () => {
    expect(describeChange({ kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' }, cbText)).toBe(
      'Tier 3 of Loan commission pays 3% instead of 2.5%.',
    );
    expect(describeChange({ kind: 'tier_from', componentId: 'loan_commission', tier: 1, from: '0.6' }, cbText)).toBe(
      'Tier 2 of Loan commission starts at 60% attainment instead of 50% attainment.',
    );
    expect(describeChange({ kind: 'component_cap', componentId: 'quarterly_bonus', cap: null }, rmText)).toBe(
      'Quarterly bonus has no cap instead of a cap of 150% of target incentive.',
    );
    expect(describeChange({ kind: 'total_cap', cap: { kind: 'amount', amount: '50000' } }, cbText)).toBe(
      "A participant's total has a cap of 50,000.00 instead of no cap.",
    );
    expect(describeChange({ kind: 'bonus_threshold', componentId: 'quarterly_bonus', threshold: '0.8' }, rmText)).toBe(
      'Quarterly bonus pays nothing below 80% attainment instead of 75%.',
    );
    expect(describeChange({ kind: 'target_share', componentId: 'quarterly_bonus', targetShare: '1.2' }, rmText)).toBe(
      'Quarterly bonus is worth 120% of target incentive instead of 100%.',
    );
    expect(describeChange({ kind: 'quota_scale', percent: '10' }, cbText)).toBe('Every quota rises by 10% (rounded to the cent).');
    expect(describeChange({ kind: 'quota_scale', percent: '-5', role: 'senior banker' }, cbText)).toBe(
      'The quotas of every senior banker fall by 5% (rounded to the cent).',
    );
    expect(describeChange({ kind: 'target_incentive_scale', factor: '1.1' }, cbText)).toBe(
      "Every participant's target incentive is multiplied by 1.1 (rounded to the cent).",
    );
    expect(describeChange({ kind: 'remove_component', componentId: 'referral_incentive' }, rmText)).toBe('Referral incentive is removed.');
  });

  it('a scenario reads each change against the document the changes before it left', () => {
    expect(
      describeScenario(cbText, [
        { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' },
        { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.035' },
      ]),
    ).toEqual(['Tier 3 of Loan commission pays 3% instead of 2.5%.', 'Tier 3 of Loan commission pays 3.5% instead of 3%.']);
  });
});

describe('a sensitivity sweep', () => {
  const topTier: ScenarioChange = { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.025' };

  it('the top tier rate from 0.03 to 0.06 in 7 steps: exact decimal steps, both ends included', () => {
    const s = sweep(cbText, topTier, '0.03', '0.06', 7);
    if (!s.ok) throw new Error(s.message);
    expect(s.points.map((p) => p.value)).toEqual(['0.03', '0.035', '0.04', '0.045', '0.05', '0.055', '0.06']);
    expect(s.points.map((p) => JSON.parse(p.document).components[0].tiers[2].rate)).toEqual(s.points.map((p) => p.value));
    // The last point runs through the engine: at 6% above 100% attainment (quota 1,000,000 each):
    //   B1 7,500 + 300,000 × 0.06 = 25,500; B2 6,000; B3 0; B4 7,500 + 6,000 = 13,500; B5 7,500; B6 7,500 + 60,000 = 67,500
    //   total 25,500 + 6,000 + 13,500 + 7,500 + 67,500 = 120,000.00
    expect(engineTotal(s.points[6]!.document, parallelInputs)).toBe('120000.00');
  });

  it('a dataset variable sweeps too (quotas -10 % to +10 % in 5 steps), with the rest of the scenario applied first', () => {
    const s = sweep(cbText, { kind: 'quota_scale', percent: '0' }, '-10', '10', 5, [topTier]);
    if (!s.ok) throw new Error(s.message);
    expect(s.points.map((p) => p.value)).toEqual(['-10', '-5', '0', '5', '10']);
    expect(s.points.map((p) => p.datasetChanges)).toEqual(['-10', '-5', '0', '5', '10'].map((percent) => [{ kind: 'quota_scale', percent }]));
  });

  it('refuses fewer than 2 or more than 50 steps, a range that does not divide evenly, and a change with nothing to vary', () => {
    expect(sweep(cbText, topTier, '0.03', '0.06', 1)).toEqual({ ok: false, message: 'A sweep has from 2 to 50 steps (1 asked).' });
    expect(sweep(cbText, topTier, '0.03', '0.06', 51)).toEqual({ ok: false, message: 'A sweep has from 2 to 50 steps (51 asked).' });
    expect(sweep(cbText, topTier, '0.03', '0.06', 2).ok).toBe(true);
    expect(sweep(cbText, topTier, '0.03', '0.06', 50).ok).toBe(false);
    expect(sweep(cbText, topTier, '0', '1', 4)).toEqual({ ok: false, message: '0 to 1 does not divide into 3 equal decimal steps; 2, 3, 5 steps would.' });
    expect(sweep(cbText, { kind: 'remove_component', componentId: 'loan_commission' }, '0', '1', 3).ok).toBe(false);
  });

  it('a point that makes the plan invalid refuses the sweep with the problems', () => {
    const s = sweep(cbText, { kind: 'tier_from', componentId: 'loan_commission', tier: 2, from: '1' }, '0.4', '1.2', 5);
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.message).toBe('At 0.4 the plan is refused.');
  });
});

describe('a flat-amount tier in a scenario', () => {
  const flat = JSON.stringify({
    ...commercialBankerPlan,
    components: [
      {
        id: 'deal_bonus',
        type: 'rate_table',
        measure: commercialBankerPlan.components[0]!.measure,
        basis: 'amount',
        scope: 'transaction',
        method: 'retroactive',
        tiers: [
          { from: 1000, amount: 100 },
          { from: 5000, amount: 250 },
        ],
      },
    ],
  });

  it('is not a rate to change or sweep: the change is refused by name; its bound still moves', () => {
    const r = applyScenario(flat, [{ kind: 'tier_rate', componentId: 'deal_bonus', tier: 1, rate: '0.05' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/^Tier 2 of .* pays a flat amount, not a rate/);
    const ids = sweepVariables(flat).map((v) => v.id);
    expect(ids).not.toContain('tier_rate:deal_bonus:1');
    expect(ids).toContain('tier_from:deal_bonus:1');
  });
});
