/**
 * Issue 13, acceptance 1: a scenario's totals equal the sum of the engine's output lines for the same
 * changed plan (and changed dataset), run directly with runEngine and through `npm run calc`'s command
 * line on the changed files, to the cent; per component and per role too. Also: changes entered in the form are refused next to their field; a copy keeps the changes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Conn } from '~/db/client';
import { auditLog, modelingScenarios, planVersions } from '~/db/schema';
import { Decimal } from '~/engine';
import { copyScenario } from '~/workflows/commands/copy-scenario';
import { createScenario } from '~/workflows/commands/create-scenario';
import { promoteScenario } from '~/workflows/commands/promote-scenario';
import { loadTransactionsCsv } from '~/workflows/modeling/datasets';
import { modelingResults } from '~/workflows/modeling/results';
import { applyDatasetChanges, applyScenario } from '~/workflows/modeling/scenario';
import { type ScenarioInputs, scenarioInputs, scenarioPage } from '~/workflows/modeling/scenarios';
import { checkedPlan } from '~/workflows/plans/draft';
import { type PayoutDataset, runEngine } from '~/workflows/testing/engine-run';
import { runCli } from '../../scripts/calc';
import { modelingSetup } from '../support/modeling';
import { refusal } from '../support/refusal';

const _now = new Date('2026-11-30T12:00:00Z');

/** The scenario's dataset with its transactions file, as `npm run calc` would read the files. */
const fullDataset = (db: Conn, inputs: ScenarioInputs): PayoutDataset => ({
  period: inputs.stored.period,
  participantsCsv: inputs.stored.participantsCsv,
  quotasCsv: inputs.stored.quotasCsv,
  transactionsCsv: loadTransactionsCsv(db, inputs.stored.id),
});

const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));

describe('scenarios (issue 13, acceptance 1)', () => {
  it('a scenario’s totals equal the engine’s lines for the changed plan and dataset, to the cent', async () => {
    const { db, demo, projectId, ctx, dataset, versionId } = await modelingSetup();
    const s = createScenario(ctx, {
      projectId,
      name: 'Top tier 3 %, quotas +10 %',
      planVersionId: versionId,
      datasetId: dataset.id,
      tierComponentId: 'loan_commission',
      tierNumber: '3',
      tierRate: '0.03',
      quotaPercent: '10',
    });
    expect(s.changes).toEqual([
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' },
      { kind: 'quota_scale', percent: '10' },
    ]);
    const page = scenarioPage(db, demo.people.viewer, projectId, s.id);
    if (page.run.kind !== 'computed') throw new Error(JSON.stringify(page.run));
    expect(page.words).toHaveLength(2);

    // The test's own reckoning: apply the changes, run the engine, add its lines up.
    const inputs = scenarioInputs(db, projectId, s.id);
    const applied = applyScenario(inputs.base.document, s.changes as never);
    if (!applied.ok) throw new Error('changes refused');
    const run = runEngine(applied.document, applyDatasetChanges(fullDataset(db, inputs), applied.datasetChanges), { explain: false });
    if (!run.ok) throw new Error(JSON.stringify(run.problems));
    const total = sum(run.lines.map((l) => l.amount));
    expect(total.gt(0)).toBe(true);
    expect(page.run.scenario.totalCost.value).toBe(total.toFixed(2));
    for (const c of page.run.scenario.costByComponent.value)
      expect(c.amount, c.componentId).toBe(sum(run.lines.filter((l) => l.componentId === c.componentId).map((l) => l.amount)).toFixed(2));
    expect(sum(page.run.scenario.costByRole.value.map((r) => r.amount)).toFixed(2)).toBe(total.toFixed(2));

    // And through the command line, `npm run calc`, on the changed files: the sum of its output lines.
    const dir = mkdtempSync(path.join(tmpdir(), 'spm-calc-'));
    const changed = applyDatasetChanges(fullDataset(db, inputs), applied.datasetChanges);
    const files = { plan: applied.document, participants: changed.participantsCsv, quotas: changed.quotasCsv, transactions: changed.transactionsCsv };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const at = (name: string) => path.join(dir, name);
    const args = ['--plan', at('plan'), '--participants', at('participants'), '--quotas', at('quotas'), '--transactions', at('transactions')];
    expect(runCli([...args, '--period', changed.period, '--out', at('payouts.csv')], { out: () => {}, err: () => {} })).toBe(0);
    const out = readFileSync(at('payouts.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(sum(out.filter((c) => c[2] !== 'TOTAL').map((c) => c[3]!)).toFixed(2)).toBe(page.run.scenario.totalCost.value);
    expect(sum(out.filter((c) => c[2] === 'TOTAL').map((c) => c[3]!)).toFixed(2)).toBe(page.run.scenario.totalCost.value);
    rmSync(dir, { recursive: true });

    // The base is the version unchanged on the dataset unchanged.
    const baseRun = runEngine(inputs.base.document, fullDataset(db, inputs), { explain: false });
    if (!baseRun.ok) throw new Error('base refused');
    const baseTotal = sum(baseRun.lines.map((l) => l.amount));
    expect(page.run.base.totalCost.value).toBe(baseTotal.toFixed(2));
    const headline = page.run.differences.headline.find((h) => h.label === 'Total incentive cost')!;
    expect(new Decimal(headline.difference!).eq(total.minus(baseTotal))).toBe(true);
    expect(page.run.scenario.payCurve.value).toHaveLength(80);
    // the designed curves: the richer top tier pays more at 200 % attainment, the same at 50 %
    const designedAt = (list: { attainment: string; payoutPct: string | null }[] | null, a: string) => Number(list?.find((p) => p.attainment === a)?.payoutPct);
    expect(page.designed.base).toHaveLength(41);
    expect(designedAt(page.designed.scenario, '2.00')).toBeGreaterThan(designedAt(page.designed.base, '2.00'));
  });

  it('changes the plan cannot take are refused next to the field that made them; a copy keeps the changes', async () => {
    const { db, projectId, ctx, dataset, versionId } = await modelingSetup();
    const bad = await refusal(() =>
      createScenario(ctx, {
        projectId,
        name: 'Wrong',
        planVersionId: versionId,
        datasetId: dataset.id,
        tierComponentId: 'loan_commission',
        tierNumber: '9',
        tierRate: '0.03',
        quotaPercent: '-150',
        changesJson: '[{"kind":"remove_component","componentId":"nothing"}]',
      }),
    );
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['quotaPercent']);
    const bad2 = await refusal(() =>
      createScenario(ctx, {
        projectId,
        name: 'Wrong',
        planVersionId: versionId,
        datasetId: dataset.id,
        tierComponentId: 'loan_commission',
        tierNumber: '9',
        tierRate: '0.03',
        changesJson: '[{"kind":"remove_component","componentId":"nothing"}]',
      }),
    );
    expect(Object.keys(bad2.fieldErrors).sort()).toEqual(['changesJson', 'tierRate']);
    expect(bad2.fieldErrors.changesJson).toMatch(/^Change 1: /);
    const json = await refusal(() => createScenario(ctx, { projectId, name: 'Not JSON', planVersionId: versionId, datasetId: dataset.id, changesJson: '[{' }));
    expect(json.fieldErrors.changesJson).toMatch(/not JSON/);
    expect(
      db
        .select()
        .from(modelingScenarios)
        .all()
        .map((r) => r.name),
    ).toEqual(['Base', 'Raise the top tier to 3 %', 'Quotas +10 %']);

    const base = createScenario(ctx, {
      projectId,
      name: 'Base',
      planVersionId: versionId,
      datasetId: dataset.id,
      changesJson: '[{"kind":"quota_scale","percent":"10"}]',
    });
    const copy = copyScenario(ctx, { projectId, scenarioId: base.id });
    expect(copy).toMatchObject({ name: 'Copy of Base', copiedFrom: base.id, changes: base.changes, datasetId: dataset.id });
    const actions = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectType, 'scenario'))
      .all()
      .filter((a) => Number(a.subjectId) >= base.id)
      .map((a) => a.action);
    expect(actions).toEqual(['model.scenario_created', 'model.scenario_copied']);
  });

  it('promoting a scenario starts the next draft of its plan: the document validates and pays what the scenario showed (acceptance 4)', async () => {
    const { db, demo, projectId, cb, ctx, dataset, versionId } = await modelingSetup();
    const s = createScenario(ctx, {
      projectId,
      name: 'Top tier 3 %',
      planVersionId: versionId,
      datasetId: dataset.id,
      tierComponentId: 'loan_commission',
      tierNumber: '3',
      tierRate: '0.03',
    });
    const quotas = createScenario(ctx, { projectId, name: 'Quotas +10 %', planVersionId: versionId, datasetId: dataset.id, quotaPercent: '10' });
    expect((await refusal(() => promoteScenario({ ...ctx, actor: demo.people.stakeholder }, { projectId, scenarioId: s.id }))).code).toBe('forbidden');
    const q = await refusal(() => promoteScenario(ctx, { projectId, scenarioId: quotas.id }));
    expect(q.message).toMatch(/quotas or target incentives, which are not part of the plan document/);

    const before = scenarioPage(db, demo.people.viewer, projectId, s.id);
    if (before.run.kind !== 'computed') throw new Error('not computed');
    const { plan, version } = promoteScenario(ctx, { projectId, scenarioId: s.id });
    expect(plan.id).toBe(cb.id);
    expect(version.number).toBe(2);
    expect(version.note).toBe(`From scenario “Top tier 3 %” (#${s.id}) on version 1`);
    const draft = db.select().from(planVersions).where(eq(planVersions.id, version.id)).get()!;
    expect(() => checkedPlan(draft.document)).not.toThrow();
    const inputs = scenarioInputs(db, projectId, s.id);
    const run = modelingResults(draft.document, fullDataset(db, inputs));
    if (!run.ok) throw new Error('draft refused');
    expect(run.results).toEqual(before.run.scenario);
    const lines = runEngine(draft.document, fullDataset(db, inputs), { explain: false });
    if (!lines.ok) throw new Error('draft refused');
    expect(sum(lines.lines.map((l) => l.amount)).toFixed(2)).toBe(before.run.scenario.totalCost.value);
    expect(scenarioPage(db, demo.people.viewer, projectId, s.id).promoted).toEqual({ number: 2 });

    const again = await refusal(() => promoteScenario(ctx, { projectId, scenarioId: s.id }));
    expect(again.message).toMatch(/NW-CB-2026 version 2 is .*one version under way at a time/);
    const actions = db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.action === 'plan.version_from_scenario' || a.action === 'model.scenario_promoted')
      .map((a) => a.action);
    expect(actions).toEqual(['plan.version_from_scenario', 'model.scenario_promoted']);
  });
});
