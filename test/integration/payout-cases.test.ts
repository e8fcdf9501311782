import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testRuns, workflowInstances } from '~/db/schema';
import { isoDay } from '~/workflows/clock';
import { applyPlanEffectiveDates } from '~/workflows/commands/apply-plan-effective-dates';
import { createPayoutCase } from '~/workflows/commands/create-payout-case';
import { createTestCycle } from '~/workflows/commands/create-test-cycle';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { PlanRefused, uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import { systemActor } from '~/workflows/policy/roles';
import { seededDb } from '../support/db';
import { publishPlan } from '../support/plans';

const plan = (rate2 = 0.025, name = 'Commercial banker plan (test)') =>
  JSON.stringify({
    schemaVersion: 1,
    id: 'NW-CB-TEST',
    name,
    currency: 'USD',
    periodKind: 'quarter',
    measures: [{ id: 'loan_bookings', source: 'amount', filter: { types: ['new'] } }],
    components: [
      {
        id: 'loan_commission',
        type: 'rate_table',
        measure: 'loan_bookings',
        basis: 'attainment',
        method: 'marginal',
        scope: 'period',
        tiers: [
          { from: 0, rate: 0 },
          { from: 0.5, rate: 0.015 },
          { from: 1, rate: rate2 },
        ],
      },
    ],
  });
const dataset = {
  period: '2026-Q1',
  participantsCsv: 'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\nB1,Banker One,NW-CB-TEST,banker,,40000,,,USD\n',
  quotasCsv: 'participant_id,measure,period,quota\nB1,loan_bookings,2026-Q1,1000000\n',
  transactionsCsv: 'transaction_id,date,participant_id,amount,quantity,product,type,status,split\nT1,2026-02-10,B1,1300000,1,loan,new,booked,\n',
};

async function setup() {
  const { db, demo } = await seededDb();
  const as = (who: keyof typeof demo.people) => ({ db, actor: demo.people[who] });
  const projectId = demo.projects.northwind.id;
  const { plan: p } = await publishPlan(db, demo, { projectId, document: plan() });
  const cycle = createTestCycle(as('tester'), {
    projectId,
    name: 'UAT round 1',
    kind: 'UAT',
    entryCriteria: 'Build complete',
    exitCriteria: 'All critical cases pass',
    plannedStart: '2026-11-02',
    plannedEnd: '2026-12-04',
  });
  return { db, demo, as, projectId, planId: p.id, cycle };
}

describe('payout test cases', () => {
  it('a case whose expectations match passes; one cent off fails, naming that line with its explain trace', async () => {
    const { db, as, planId, cycle } = await setup();
    // 0 on the first 500,000; 1.5% x 500,000 = 7,500.00; 2.5% x 300,000 = 7,500.00: 15,000.00.
    const good = createPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Banker at 130%',
      planId,
      ...dataset,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
    });
    const pass = runTestCase(as('tester'), { projectId: cycle.projectId, caseId: good.id });
    expect(pass.result).toBe('passed');
    expect(pass.lines).toMatchObject([{ participantId: 'B1', componentId: 'loan_commission', expected: '15000.00', actual: '15000.00', ok: true }]);
    expect(pass).toMatchObject({ caseVersion: 1, engineVersion: expect.stringContaining('spm-engine'), datasetHash: good.datasetHash });
    expect(pass.planVersionId).not.toBeNull();

    const off = createPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Banker at 130%, one cent off',
      planId,
      ...dataset,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.01\n',
    });
    const fail = runTestCase(as('tester'), { projectId: cycle.projectId, caseId: off.id });
    expect(fail.result).toBe('failed');
    expect(fail.summary).toContain('B1 loan_commission expected 15000.01, engine 15000.00');
    const [line] = fail.lines;
    expect(line).toMatchObject({ ok: false, difference: '-0.01' });
    expect(JSON.stringify(line!.explain)).toMatch(/7500/);
    const state = db.select().from(workflowInstances).where(eq(workflowInstances.id, off.instanceId)).get()!.stateValue;
    expect(state).toBe('failed');
  });

  it('a tolerance accepts small differences; a missing line fails', async () => {
    const { as, planId, cycle } = await setup();
    const tolerant = createPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Tolerant',
      planId,
      ...dataset,
      tolerance: '0.05',
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.03\n',
    });
    expect(runTestCase(as('tester'), { projectId: cycle.projectId, caseId: tolerant.id }).result).toBe('passed');
    const missing = createPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Missing',
      planId,
      ...dataset,
      expectedCsv: 'participant_id,component_id,amount\nB1,bonus,100.00\n',
    });
    const run = runTestCase(as('tester'), { projectId: cycle.projectId, caseId: missing.id });
    expect(run.result).toBe('failed');
    expect(run.lines[0]).toMatchObject({ actual: null, ok: false });
  });

  it('refuses a case whose data the engine cannot read, listing each bad row', async () => {
    const { as, planId, cycle } = await setup();
    const bad = {
      ...dataset,
      transactionsCsv: `${dataset.transactionsCsv}T2,2026-13-01,B1,abc,1,loan,new,booked,\nT3,2026-02-11,NOBODY,5,1,loan,new,booked,\n`,
    };
    let problems: { file: string; line: number }[] = [];
    try {
      createPayoutCase(as('tester'), {
        projectId: cycle.projectId,
        cycleId: cycle.id,
        title: 'Bad data',
        planId,
        ...bad,
        expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,x\n',
      });
    } catch (e) {
      problems = (e as { problems: typeof problems }).problems;
    }
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(expect.arrayContaining(['transactions:3', 'transactions:4', 'expected:2']));
  });

  it('a version coming into effect makes the results on the one before stale; a case takes its validation run on the new version', async () => {
    const { db, demo, as, projectId, planId, cycle } = await setup();
    const c = createPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Banker at 130%',
      planId,
      ...dataset,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
    });
    const run = runTestCase(as('tester'), { projectId: cycle.projectId, caseId: c.id });
    // Version 2 renames the plan only: the case passes on it when it is validated, and again once it is in effect.
    const tomorrow = isoDay(new Date(Date.now() + 86_400_000));
    await publishPlan(db, demo, { projectId, document: plan(0.025, 'Commercial banker plan (renamed)'), effectiveFrom: tomorrow });
    expect(db.select().from(testRuns).where(eq(testRuns.id, run.id)).get()!.staleSince, 'v1 is in effect until tomorrow').toBeNull();
    applyPlanEffectiveDates({ db, actor: systemActor, now: new Date(`${tomorrow}T00:05:00Z`) }, {});
    const after = db.select().from(testRuns).where(eq(testRuns.id, run.id)).get()!;
    expect(after.staleReason).toBe(`Plan NW-CB-TEST version 1 was superseded by version 2 (in effect from ${tomorrow}).`);
    const validation = db.select().from(testRuns).where(eq(testRuns.caseId, c.id)).all().at(-1)!;
    expect(validation).toMatchObject({ result: 'passed', staleSince: null });
    const instance = db.select().from(workflowInstances).where(eq(workflowInstances.id, c.instanceId)).get()!;
    expect(instance.stateValue).toBe('passed');
    expect(instance.context).toMatchObject({ lastRunId: validation.id });
  });

  it('refuses an invalid plan with every problem by path', async () => {
    const { as, projectId } = await setup();
    const broken = JSON.parse(plan());
    broken.components[0].tiers[1].from = -1;
    broken.currency = 7;
    let problems: { path?: string }[] = [];
    try {
      uploadPlanVersion(as('analyst'), { projectId, document: JSON.stringify(broken) });
    } catch (e) {
      expect(e).toBeInstanceOf(PlanRefused);
      problems = (e as PlanRefused).problems;
    }
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['currency']));
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });
});

describe('functional test cases', () => {
  it('records the tester’s result by hand, refusing a missing result or malformed steps', async () => {
    const { as, cycle } = await setup();
    const { createFunctionalCase } = await import('~/workflows/commands/create-functional-case');
    expect(() =>
      createFunctionalCase(as('tester'), { projectId: cycle.projectId, cycleId: cycle.id, title: 'Statement', steps: 'Open the statement' }),
    ).toThrow('Check the highlighted fields.');
    const c = createFunctionalCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Payee statement',
      steps: 'Open the statement => each line shows its calculation',
    });
    expect(c.steps).toEqual([{ action: 'Open the statement', expected: 'each line shows its calculation' }]);
    expect(() => runTestCase(as('tester'), { projectId: cycle.projectId, caseId: c.id })).toThrow('Choose the result of the run.');
    expect(runTestCase(as('tester'), { projectId: cycle.projectId, caseId: c.id, result: 'blocked', note: 'Statement service down' })).toMatchObject({
      result: 'blocked',
      summary: 'Statement service down',
    });
  });
});

describe('payout case links', () => {
  it('links the requirements a tester names by key, and refuses a key that does not exist', async () => {
    const { db, as, planId, cycle } = await setup();
    const c = createPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Linked',
      planId,
      ...dataset,
      verifies: ['REQ-001'],
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
    });
    const { testCaseRequirements } = await import('~/db/schema');
    expect(db.select().from(testCaseRequirements).where(eq(testCaseRequirements.caseId, c.id)).all()).toHaveLength(1);
    expect(() =>
      createPayoutCase(as('tester'), {
        projectId: cycle.projectId,
        cycleId: cycle.id,
        title: 'Linked',
        planId,
        ...dataset,
        verifies: ['REQ-999'],
        expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
      }),
    ).toThrow('Check the highlighted fields.');
  });
});

describe('editing a payout case', () => {
  it('bumps the case version, makes the old result stale, and refuses a save from an older version', async () => {
    const { db, as, planId, cycle } = await setup();
    const { editPayoutCase } = await import('~/workflows/commands/edit-payout-case');
    const c = createPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      cycleId: cycle.id,
      title: 'Banker',
      planId,
      ...dataset,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.01\n',
    });
    const first = runTestCase(as('tester'), { projectId: cycle.projectId, caseId: c.id });
    expect(first.result).toBe('failed');
    const edited = editPayoutCase(as('tester'), {
      projectId: cycle.projectId,
      caseId: c.id,
      baseVersion: 1,
      title: 'Banker at 130%',
      ...dataset,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
      tolerance: '0',
      critical: true,
    });
    expect(edited.version).toBe(2);
    expect(db.select().from(testRuns).where(eq(testRuns.id, first.id)).get()!.staleReason).toBe(`${c.key} changed to version 2.`);
    const second = runTestCase(as('tester'), { projectId: cycle.projectId, caseId: c.id });
    expect(second).toMatchObject({ result: 'passed', caseVersion: 2 });
    expect(() =>
      editPayoutCase(as('tester'), {
        projectId: cycle.projectId,
        caseId: c.id,
        baseVersion: 1,
        title: 'Stale save',
        ...dataset,
        expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,1.00\n',
        tolerance: '0',
        critical: false,
      }),
    ).toThrow(/changed by someone else/);
  });
});
