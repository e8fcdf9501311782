import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { testCases, testRuns } from '~/db/schema';
import { defineCommand } from '../command';
import { applyPlanEvent, loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';
import { engineVersion } from '../testing/engine-run';
import { recordValidationRun } from '../testing/record-run';

export const validatePlanVersionInput = z.object(planVersionRef);

/**
 * Validates a draft (or validates it again): every payout case on the plan runs on this version (or
 * has just run on it, one by one from the page: runValidationCase) and the run is recorded against it, without touching the cases' results on the version in effect
 * (`recordValidationRun`). The version is frozen while it is validated; whether it may be submitted is
 * computed from those runs (workflows/plans/validation.ts), never claimed.
 */
export const validatePlanVersion = defineCommand({
  input: validatePlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    const loaded = loadPlanVersionFor(tx, actor, input, 'plan.write');
    const cases = tx
      .select()
      .from(testCases)
      .where(and(eq(testCases.planId, loaded.plan.id), eq(testCases.kind, 'payout')))
      .orderBy(asc(testCases.key))
      .all();
    // A case already run on this version, as it is now, by this engine (the page's progress bar ran
    // them one by one) is taken as it stands: the same document, case and engine give the same result.
    const fresh = tx
      .select()
      .from(testRuns)
      .where(and(eq(testRuns.planVersionId, loaded.version.id), isNull(testRuns.staleSince), eq(testRuns.engineVersion, engineVersion)))
      .orderBy(desc(testRuns.id))
      .all();
    const runs = cases.map((testCase) => ({
      key: testCase.key,
      run:
        fresh.find((r) => r.caseId === testCase.id && r.caseVersion === testCase.version) ??
        recordValidationRun(tx, { testCase, version: loaded.version, actor, at }),
    }));
    const tally = (['passed', 'failed', 'blocked'] as const).map((r) => [r, runs.filter((x) => x.run.result === r).length] as const).filter(([, n]) => n);
    applyPlanEvent(tx, loaded, {
      event: { type: 'VALIDATE', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString() },
      actor,
      at,
      action: 'plan.validated',
      detail: runs.length
        ? `${versionName(loaded)}: ${runs.length} payout case${runs.length === 1 ? '' : 's'} run on it, ${tally.map(([r, n]) => `${n} ${r}`).join(', ')}.`
        : `${versionName(loaded)}: no payout case is linked to the plan.`,
      after: { runs: runs.map((x) => ({ case: x.key, runId: x.run.id, result: x.run.result })) },
    });
    return { runs: runs.map((x) => ({ key: x.key, id: x.run.id, result: x.run.result, summary: x.run.summary })) };
  },
});
