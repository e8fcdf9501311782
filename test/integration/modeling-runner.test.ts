/**
 * Issue 13: a stored dataset is parsed once and kept; every run on the kept transactions gives exactly
 * what a fresh run of the engine on the changed files gives, for each kind of change.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { generateDatasetCommand } from '~/workflows/commands/generate-dataset';
import { loadDataset, loadTransactionsCsv } from '~/workflows/modeling/datasets';
import { modelingResults } from '~/workflows/modeling/results';
import { forgetModelingCaches, runModel, runnerStats } from '~/workflows/modeling/runner';
import { applyDatasetChanges, applyScenario, type ScenarioChange } from '~/workflows/modeling/scenario';
import { seededDb } from '../support/db';
import { planByKey } from '../support/plans';

const now = new Date('2026-11-30T12:00:00Z');

async function setup() {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.northwind.id;
  const cb = planByKey(db, projectId, 'NW-CB-2026');
  const made = generateDatasetCommand(
    { db, actor: demo.people.analyst, now },
    {
      projectId,
      planId: cb.id,
      name: 'Bankers',
      period: '2026-Q1',
      seed: 5,
      role: 'commercial banker',
      participants: 60,
      transactionsPerParticipant: 4,
      targetIncentive: '40000',
      quota: '1000000',
      mean: '1',
      spread: '0.3',
    },
  );
  const stored = loadDataset(db, projectId, made.id);
  const full = {
    period: stored.period,
    participantsCsv: stored.participantsCsv,
    quotasCsv: stored.quotasCsv,
    transactionsCsv: loadTransactionsCsv(db, made.id),
  };
  const document = db.query.planVersions.findFirst({ where: (v, { eq }) => eq(v.id, cb.currentVersionId!) }).sync()!.document;
  return { db, stored, full, document };
}

const cases: [string, ScenarioChange[]][] = [
  ['a tier rate', [{ kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.03' }]],
  ['a tier bound', [{ kind: 'tier_from', componentId: 'loan_commission', tier: 1, from: '0.9' }]],
  ['quotas +10 %', [{ kind: 'quota_scale', percent: '10' }]],
  ['quotas of a role -5 %', [{ kind: 'quota_scale', percent: '-5', role: 'commercial banker' }]],
  ['target incentives x 1.2', [{ kind: 'target_incentive_scale', factor: '1.2' }]],
  ['a total cap', [{ kind: 'total_cap', cap: { kind: 'amount', amount: '30000' } }]],
  [
    'two changes together',
    [
      { kind: 'tier_rate', componentId: 'loan_commission', tier: 2, rate: '0.04' },
      { kind: 'quota_scale', percent: '15' },
    ],
  ],
];

describe('modeling runs on a kept dataset (issue 13)', () => {
  beforeEach(() => forgetModelingCaches());

  it('parses the transactions once and gives what a fresh run on the changed files gives, for every kind of change', async () => {
    const { db, stored, full, document } = await setup();
    const before = runnerStats.transactionParses;
    const base = runModel(db, stored, document, []);
    expect(base).toEqual(modelingResults(document, full));
    for (const [label, changes] of cases) {
      const applied = applyScenario(document, changes);
      if (!applied.ok) throw new Error(`${label}: ${JSON.stringify(applied.problems)}`);
      const kept = runModel(db, stored, applied.document, applied.datasetChanges);
      const fresh = modelingResults(applied.document, applyDatasetChanges(full, applied.datasetChanges));
      expect(fresh.ok, label).toBe(true);
      expect(kept, label).toEqual(fresh);
    }
    // the base again (from the kept results), and a tier rate run a second time after others: unchanged
    expect(runModel(db, stored, document, [])).toEqual(base);
    expect(runnerStats.transactionParses - before).toBe(1);
  });

  it('reports a document the dataset does not fit exactly as a fresh run does', async () => {
    const { db, stored, full, document } = await setup();
    runModel(db, stored, document, []);
    const other = JSON.stringify({ ...JSON.parse(document), id: 'NW-OTHER' });
    const kept = runModel(db, stored, other, []);
    expect(kept.ok).toBe(false);
    expect(kept).toEqual(modelingResults(other, full));
  });
});
