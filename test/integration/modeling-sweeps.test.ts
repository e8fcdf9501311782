/**
 * Issue 13, sensitivity: a sweep is checked and recorded (audited), and each step is a full engine run
 * equal to a fresh run of the swept plan on the changed files; bad ranges are refused next to their field.
 */
import { describe, expect, it } from 'vitest';
import { auditLog } from '~/db/schema';
import { createScenario } from '~/workflows/commands/create-scenario';
import { startSweep } from '~/workflows/commands/start-sweep';
import { loadTransactionsCsv } from '~/workflows/modeling/datasets';
import { modelingResults } from '~/workflows/modeling/results';
import { applyDatasetChanges, applyScenario, sweepVariables } from '~/workflows/modeling/scenario';
import { scenarioInputs } from '~/workflows/modeling/scenarios';
import { sweepStep } from '~/workflows/modeling/sweeps';
import { modelingSetup } from '../support/modeling';
import { refusal } from '../support/refusal';

const _now = new Date('2026-11-30T12:00:00Z');

async function setup() {
  const { db, demo, projectId, ctx, dataset, cb } = await modelingSetup({ participants: 50, transactionsPerParticipant: 3, seed: 9 });
  const scenario = createScenario(ctx, {
    projectId,
    name: 'Top tier 3 %, quotas +10 %',
    planVersionId: cb.currentVersionId!,
    datasetId: dataset.id,
    tierComponentId: 'loan_commission',
    tierNumber: '3',
    tierRate: '0.03',
    quotaPercent: '10',
  });
  return { db, demo, projectId, ctx, scenario };
}

describe('sensitivity sweeps (issue 13)', () => {
  it('lists the plan’s variables with their values in the scenario', async () => {
    const { db, projectId, scenario } = await setup();
    const inputs = scenarioInputs(db, projectId, scenario.id);
    if (!inputs.changed.ok) throw new Error('scenario refused');
    const vars = sweepVariables(inputs.changed.document);
    expect(vars.find((v) => v.id === 'tier_rate:loan_commission:2')).toMatchObject({ current: '0.03', unit: 'fraction' });
    expect(vars.map((v) => v.id)).toContain('quota_scale');
  });

  it('records the sweep and runs each step as a fresh engine run of the swept plan would', async () => {
    const { db, demo, projectId, ctx, scenario } = await setup();
    const request = { projectId, scenarioId: scenario.id, variable: 'tier_rate:loan_commission:2', from: '0.03', to: '0.06', steps: 7 };
    const started = startSweep({ ...ctx, actor: demo.people.stakeholder }, { ...request, steps: '7' });
    expect(started.values).toEqual(['0.03', '0.035', '0.04', '0.045', '0.05', '0.055', '0.06']);
    const audit = db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.action === 'model.sweep_run');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after as string)).toMatchObject({ variable: 'Loan commission: tier 3 rate', from: '0.03', to: '0.06', steps: 7 });

    const inputs = scenarioInputs(db, projectId, scenario.id);
    const full = {
      period: inputs.stored.period,
      participantsCsv: inputs.stored.participantsCsv,
      quotasCsv: inputs.stored.quotasCsv,
      transactionsCsv: loadTransactionsCsv(db, inputs.stored.id),
    };
    const costs: number[] = [];
    for (const [i, value] of started.values.entries()) {
      const step = sweepStep(db, demo.people.stakeholder, request, i);
      if (!step.ok) throw new Error(step.problems.join('; '));
      // the scenario's own tier 3 change is replaced by the swept value; its quota change stays
      const applied = applyScenario(inputs.base.document, [
        { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: value },
        { kind: 'quota_scale', percent: '10' },
      ]);
      if (!applied.ok) throw new Error('refused');
      const fresh = modelingResults(applied.document, applyDatasetChanges(full, applied.datasetChanges));
      if (!fresh.ok) throw new Error('fresh refused');
      expect(step.value).toBe(value);
      expect(step.totalCost).toBe(fresh.results.totalCost.value);
      expect(step.costOfSales).toBe(fresh.results.costOfSales.value);
      costs.push(Number(step.totalCost));
    }
    // a higher top-tier rate never costs less
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    expect(costs.at(-1)!).toBeGreaterThan(costs[0]!);
  });

  it('refuses a range that does not divide, a variable the plan lacks, and a vendor', async () => {
    const { demo, projectId, ctx, scenario } = await setup();
    const base = { projectId, scenarioId: scenario.id, variable: 'tier_rate:loan_commission:2', from: '0.03', to: '0.06', steps: '7' };
    const uneven = await refusal(() => startSweep(ctx, { ...base, to: '0.05', steps: '7' }));
    expect(uneven.fieldErrors.steps).toMatch(/does not divide into 6 equal decimal steps/);
    const unknown = await refusal(() => startSweep(ctx, { ...base, variable: 'tier_rate:nothing:0' }));
    expect(unknown.fieldErrors.variable).toMatch(/Choose a variable/);
    const few = await refusal(() => startSweep(ctx, { ...base, steps: '1' }));
    expect(few.fieldErrors.steps).toMatch(/from 2 to 50/);
    expect((await refusal(() => startSweep({ ...ctx, actor: demo.people.vendor }, base))).code).toBe('forbidden');
  });
});
