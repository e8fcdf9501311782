/**
 * Validating a plan version case by case (the version page's progress bar): each payout case runs on
 * the draft on its own request, audited; VALIDATE then takes those runs as they stand, and runs again
 * only a case changed since (or never run).
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, plans, testCases, testRuns, workflowInstances } from '~/db/schema';
import { editPayoutCase } from '~/workflows/commands/edit-payout-case';
import { runValidationCase } from '~/workflows/commands/run-validation-case';
import { startPlanVersion } from '~/workflows/commands/start-plan-version';
import { validatePlanVersion } from '~/workflows/commands/validate-plan-version';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

async function setup() {
  const { db, demo } = await seededDb();
  const p = demo.people;
  const as = (who: keyof typeof p) => ({ db, actor: p[who] });
  const projectId = demo.projects.northwind.id;
  const cb = db
    .select()
    .from(plans)
    .where(and(eq(plans.projectId, projectId), eq(plans.planKey, 'NW-CB-2026')))
    .get()!;
  const cases = db
    .select()
    .from(testCases)
    .where(and(eq(testCases.planId, cb.id), eq(testCases.kind, 'payout')))
    .orderBy(asc(testCases.key))
    .all();
  startPlanVersion(as('analyst'), { projectId, planId: cb.id, number: 1 });
  const ref = { projectId, planId: cb.id, number: 2 };
  return { db, p, as, projectId, cb, cases, ref };
}

describe('validating a plan version case by case', () => {
  it('runs one case on the draft, audited, without touching its result on the version in effect', async () => {
    const { db, as, cases, ref } = await setup();
    const execution = () => db.select().from(workflowInstances).where(eq(workflowInstances.id, cases[0]!.instanceId)).get()!;
    const before = execution();
    const run = runValidationCase(as('analyst'), { ...ref, caseId: cases[0]!.id });
    expect(run.result).toBe('passed');
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'plan.case_validated')).orderBy(desc(auditLog.id)).get()!;
    expect(audit.detail).toBe(`${cases[0]!.key} run on NW-CB-2026 v2 to validate it: passed.`);
    // The case's execution status (its result on the version in effect) is as it was.
    expect(execution()).toEqual(before);
    expect(run.planVersionId).not.toBe(db.select().from(plans).where(eq(plans.id, ref.planId)).get()!.currentVersionId);
  });

  it('VALIDATE takes the runs just made as they stand, and runs again only a case changed since', async () => {
    const { db, as, p, cases, ref, projectId, cb } = await setup();
    const made = cases.map((c) => runValidationCase(as('analyst'), { ...ref, caseId: c.id }));
    const runsBefore = db.select().from(testRuns).all().length;
    const { runs } = validatePlanVersion(as('analyst'), ref);
    expect(runs.map((r) => r.id)).toEqual(made.map((r) => r.id));
    expect(db.select().from(testRuns).all().length).toBe(runsBefore);

    // The tester corrects the split case: its run on the draft no longer counts, and VALIDATE runs it again.
    const split = cases.find((c) => c.title.startsWith('Syndicated loan split'))!;
    editPayoutCase(
      { db, actor: p.tester },
      {
        projectId,
        caseId: split.id,
        baseVersion: split.version,
        title: split.title,
        planId: cb.id,
        period: split.period!,
        participantsCsv: split.participantsCsv!,
        quotasCsv: split.quotasCsv!,
        transactionsCsv: split.transactionsCsv!,
        expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,12500.00\nB2,loan_commission,4500.00\n',
      },
    );
    const again = validatePlanVersion(as('analyst'), ref).runs;
    const rerun = again.find((r) => r.key === split.key)!;
    expect(made.map((r) => r.id)).not.toContain(rerun.id);
    expect(rerun.result).toBe('passed');
    expect(again.filter((r) => r.key !== split.key).map((r) => r.id)).toEqual(made.filter((r) => r.caseId !== split.id).map((r) => r.id));
  });

  it('is refused on a version that is not being validated, to someone who may not validate, and for a case of another plan', async () => {
    const { as, cases, ref, projectId, cb, db } = await setup();
    expect((await refusal(() => runValidationCase(as('analyst'), { ...ref, number: 1, caseId: cases[0]!.id }))).status).toBe(409);
    expect((await refusal(() => runValidationCase(as('stakeholder'), { ...ref, caseId: cases[0]!.id }))).status).toBe(403);
    const other = db
      .select()
      .from(testCases)
      .where(eq(testCases.kind, 'payout'))
      .all()
      .find((c) => c.planId !== cb.id)!;
    expect((await refusal(() => runValidationCase(as('analyst'), { ...ref, caseId: other.id }))).status).toBe(404);
    expect((await refusal(() => runValidationCase(as('analyst'), { projectId: projectId + 1, planId: cb.id, number: 2, caseId: cases[0]!.id }))).status).toBe(
      404,
    );
  });
});
