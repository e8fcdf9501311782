import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { testCaseRequirements, testCases, testRuns, workflowInstances } from '~/db/schema';
import { caseExecution } from '../machines/case-execution';
import type { Actor } from '../policy/roles';
import { applyEvent } from '../runtime';

/**
 * Marks the latest result of each case stale: the case counts as not run until it is run again. A
 * case's latest result on each plan version it ran on is marked (the one on the version in effect and a
 * validation run on a draft), so neither counts once what it checked has moved; with
 * `keepPlanVersionId`, results on that plan version stay (the version that has just come into effect);
 * with `onlyPlanVersionId`, only results on that version are marked (a draft whose content changed).
 * Cases never run have nothing to mark.
 */
export function markCasesStale(
  tx: Tx,
  opts: { caseIds: number[]; reason: string; actor: Actor; at: Date; keepPlanVersionId?: number; onlyPlanVersionId?: number },
) {
  if (opts.caseIds.length === 0) return 0;
  let marked = 0;
  const cases = tx.select().from(testCases).where(inArray(testCases.id, opts.caseIds)).all();
  for (const c of cases) {
    const latestPerVersion = new Map<number | null, { id: number; staleSince: string | null }>();
    for (const r of tx
      .select({ id: testRuns.id, planVersionId: testRuns.planVersionId, staleSince: testRuns.staleSince })
      .from(testRuns)
      .where(eq(testRuns.caseId, c.id))
      .orderBy(asc(testRuns.id))
      .all())
      latestPerVersion.set(r.planVersionId, r);
    const standing = [...latestPerVersion.entries()]
      .filter(([versionId, r]) => !r.staleSince && versionId !== opts.keepPlanVersionId)
      .filter(([versionId]) => opts.onlyPlanVersionId === undefined || versionId === opts.onlyPlanVersionId)
      .map(([, r]) => r.id);
    if (standing.length === 0) continue;
    tx.update(testRuns)
      .set({ staleSince: opts.at.toISOString(), staleReason: opts.reason })
      .where(and(inArray(testRuns.id, standing), isNull(testRuns.staleSince)))
      .run();
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, c.instanceId)).get()!;
    // The case's execution status follows its result on the version in effect, not a draft's.
    const inEffectMoved = opts.onlyPlanVersionId === undefined;
    if (inEffectMoved && instance.stateValue !== 'notRun')
      applyEvent(tx, caseExecution, {
        instanceId: c.instanceId,
        event: { type: 'MARK_STALE', reason: opts.reason },
        actor: opts.actor,
        at: opts.at,
        audit: { action: 'test.result_stale', subjectType: 'test_case', subjectId: c.key, detail: opts.reason },
      });
    marked++;
  }
  return marked;
}

export function casesVerifying(tx: Tx, requirementId: number): number[] {
  return tx
    .select({ caseId: testCaseRequirements.caseId })
    .from(testCaseRequirements)
    .where(eq(testCaseRequirements.requirementId, requirementId))
    .all()
    .map((r) => r.caseId);
}

export function casesOnPlan(tx: Tx, planId: number): number[] {
  return tx
    .select({ id: testCases.id })
    .from(testCases)
    .where(eq(testCases.planId, planId))
    .all()
    .map((r) => r.id);
}
