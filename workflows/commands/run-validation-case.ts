import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { testCases } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { conflict, notFound } from '../errors';
import { id } from '../input';
import { loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';
import { planVersionActionsFor } from '../plans/view';
import { recordValidationRun } from '../testing/record-run';

export const runValidationCaseInput = z.object({ ...planVersionRef, caseId: id() });

/**
 * One step of validating a plan version, for the version page's progress bar: one payout case of the
 * plan run on this version and recorded against it (the case's result on the version in effect is not
 * touched). VALIDATE then takes such a run as it stands instead of running the case again, so the page
 * asks the server one case at a time and others' pages are served in between.
 */
export const runValidationCase = defineCommand({
  input: runValidationCaseInput,
  handle: ({ tx, actor, at }, input) => {
    const loaded = loadPlanVersionFor(tx, actor, input, 'plan.write');
    if (!planVersionActionsFor(loaded.instance, actor, loaded.roles, []).validate)
      throw conflict(
        `${versionName(loaded)} cannot be validated by you now: it is not a draft or being validated, or you neither wrote it nor manage the project.`,
      );
    const testCase = tx
      .select()
      .from(testCases)
      .where(and(eq(testCases.id, input.caseId), eq(testCases.planId, loaded.plan.id), eq(testCases.kind, 'payout')))
      .get();
    if (!testCase) throw notFound(`No such payout case on ${loaded.plan.planKey}.`);
    const run = recordValidationRun(tx, { testCase, version: loaded.version, actor, at });
    emitAudit(tx, {
      at,
      actor,
      projectId: loaded.plan.projectId,
      action: 'plan.case_validated',
      subjectType: 'plan',
      subjectId: versionName(loaded),
      after: { case: testCase.key, runId: run.id, result: run.result },
      detail: `${testCase.key} run on ${versionName(loaded)} to validate it: ${run.result}.`,
    });
    return run;
  },
});
