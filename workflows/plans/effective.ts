import { and, desc, eq, isNotNull, lte } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { plans, planVersions, testCases, testRuns, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { isoDay } from '../clock';
import { caseExecution } from '../machines/case-execution';
import { planApproval } from '../machines/plan-approval';
import type { Actor } from '../policy/roles';
import { applyEvent } from '../runtime';
import { casesOnPlan, markCasesStale } from '../testing/stale';

/**
 * Effective dating of plan versions (docs/decisions/0011-plan-approval.md). A published version applies
 * from its effective date; the previous published version applies until then. This is the one answer
 * to "which version of this plan is in effect on day D": `plans.currentVersionId` holds it for today,
 * kept by `bringIntoEffect` when a version is published and by the daily sweep.
 */
export function versionInEffect(conn: Conn, planId: number, day: string) {
  return (
    conn
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, planId), isNotNull(planVersions.effectiveFrom), lte(planVersions.effectiveFrom, day)))
      .orderBy(desc(planVersions.effectiveFrom), desc(planVersions.number))
      .limit(1)
      .get() ?? null
  );
}

/**
 * Makes the plan's current version the one in effect on the day of `at`. When that changes: the version
 * it replaces (and any published version before it) is superseded; the cases on the plan stop standing
 * by their runs on the old version (made stale), and a case whose latest run on the new version (its
 * validation run) is still good takes that run as its result. Returns whether anything changed.
 */
export function bringIntoEffect(tx: Tx, opts: { planId: number; actor: Actor; at: Date }): boolean {
  const plan = tx.select().from(plans).where(eq(plans.id, opts.planId)).get()!;
  const day = isoDay(opts.at);
  const next = versionInEffect(tx, plan.id, day);
  if (!next || next.id === plan.currentVersionId) return false;
  const previous = plan.currentVersionId ? tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get() : undefined;
  tx.update(plans).set({ currentVersionId: next.id }).where(eq(plans.id, plan.id)).run();
  const iso = opts.at.toISOString();

  // Every version published before the one now in effect is superseded (by its effective date, not by when it was approved).
  const earlier = tx
    .select({ version: planVersions, state: workflowInstances.stateValue })
    .from(planVersions)
    .leftJoin(workflowInstances, eq(workflowInstances.id, planVersions.instanceId))
    .where(and(eq(planVersions.planId, plan.id), isNotNull(planVersions.effectiveFrom)))
    .all()
    .filter(({ version }) => version.id !== next.id && version.number < next.number && !version.supersededAt);
  for (const { version, state } of earlier) {
    tx.update(planVersions).set({ supersededAt: iso }).where(eq(planVersions.id, version.id)).run();
    if (version.instanceId && state === 'published')
      applyEvent(tx, planApproval, {
        instanceId: version.instanceId,
        event: { type: 'SUPERSEDE', actor: { id: opts.actor.id, roles: [] }, at: iso },
        actor: opts.actor,
        at: opts.at,
        audit: {
          action: 'plan.version_superseded',
          subjectType: 'plan',
          subjectId: `${plan.planKey} v${version.number}`,
          detail: `${plan.planKey} v${version.number} superseded by v${next.number}, in effect from ${next.effectiveFrom}.`,
        },
      });
  }
  emitAudit(tx, {
    at: opts.at,
    actor: opts.actor,
    projectId: plan.projectId,
    action: 'plan.version_in_effect',
    subjectType: 'plan',
    subjectId: `${plan.planKey} v${next.number}`,
    before: previous ? { version: previous.number, effectiveFrom: previous.effectiveFrom } : undefined,
    after: { version: next.number, effectiveFrom: next.effectiveFrom },
    detail: `${plan.planKey} v${next.number} is in effect from ${next.effectiveFrom}${previous ? `; v${previous.number} applied until then` : ''}.`,
  });

  const caseIds = casesOnPlan(tx, plan.id);
  if (previous)
    markCasesStale(tx, {
      caseIds,
      reason: `Plan ${plan.planKey} version ${previous.number} was superseded by version ${next.number} (in effect from ${next.effectiveFrom}).`,
      actor: opts.actor,
      at: opts.at,
      keepPlanVersionId: next.id,
    });
  adoptValidationRuns(tx, { caseIds, versionId: next.id, actor: opts.actor, at: opts.at, planKey: plan.planKey, number: next.number });
  return true;
}

/** A case whose latest run on the version now in effect is good (not stale, on the case as it is) takes that run as its result. */
function adoptValidationRuns(tx: Tx, opts: { caseIds: number[]; versionId: number; actor: Actor; at: Date; planKey: string; number: number }) {
  for (const caseId of opts.caseIds) {
    const c = tx.select().from(testCases).where(eq(testCases.id, caseId)).get()!;
    const run = tx
      .select()
      .from(testRuns)
      .where(and(eq(testRuns.caseId, c.id), eq(testRuns.planVersionId, opts.versionId)))
      .orderBy(desc(testRuns.id))
      .limit(1)
      .get();
    if (!run || run.staleSince || run.caseVersion !== c.version) continue;
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, c.instanceId)).get()!;
    if (instance.stateValue === run.result) continue;
    applyEvent(tx, caseExecution, {
      instanceId: c.instanceId,
      event: { type: 'RECORD', result: run.result, runId: run.id },
      actor: opts.actor,
      at: opts.at,
      audit: {
        action: 'test.result_in_effect',
        subjectType: 'test_case',
        subjectId: c.key,
        detail: `${c.key} ${run.result} on ${opts.planKey} v${opts.number} when it was validated; that version is now in effect.`,
      },
    });
  }
}

/** Every plan whose version in effect changed with the date (the daily sweep), brought up to date. */
export function plansDueToChange(conn: Conn, at: Date): number[] {
  const day = isoDay(at);
  return conn
    .select({ id: plans.id, current: plans.currentVersionId })
    .from(plans)
    .all()
    .filter((p) => (versionInEffect(conn, p.id, day)?.id ?? p.current) !== p.current)
    .map((p) => p.id);
}

/**
 * The version a payout case's data is checked against when the case is written: the one in effect, or,
 * for a plan with none published yet, its latest version (a first plan's cases are what validate it).
 */
export function versionForCases(conn: Conn, plan: Pick<typeof plans.$inferSelect, 'id' | 'currentVersionId'>) {
  if (plan.currentVersionId) return conn.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get() ?? null;
  return conn.select().from(planVersions).where(eq(planVersions.planId, plan.id)).orderBy(desc(planVersions.number)).limit(1).get() ?? null;
}
