import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { testCaseRequirements, testCases, testRuns, workflowInstances } from '~/db/schema';
import { caseExecution } from '../machines/case-execution';
import type { Actor } from '../policy/roles';
import { applyEvent } from '../runtime';

/**
 * Marks the latest result of each case stale: the case counts as not run until it is run again.
 * Cases never run have nothing to mark.
 */
export function markCasesStale(tx: Tx, opts: { caseIds: number[]; reason: string; actor: Actor; at: Date }) {
  if (opts.caseIds.length === 0) return 0;
  let marked = 0;
  const cases = tx.select().from(testCases).where(inArray(testCases.id, opts.caseIds)).all();
  for (const c of cases) {
    const latest = tx.select().from(testRuns).where(eq(testRuns.caseId, c.id)).orderBy(desc(testRuns.id)).limit(1).get();
    if (!latest || latest.staleSince) continue;
    tx.update(testRuns)
      .set({ staleSince: opts.at.toISOString(), staleReason: opts.reason })
      .where(and(eq(testRuns.id, latest.id), isNull(testRuns.staleSince)))
      .run();
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, c.instanceId)).get()!;
    if (instance.stateValue !== 'notRun')
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
