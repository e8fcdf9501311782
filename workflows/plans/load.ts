import { and, eq } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { plans, planVersions, workflowInstances } from '~/db/schema';
import type { AuditAction } from '../audit-catalogue';
import { notFound } from '../errors';
import { id } from '../input';
import { type PlanApprovalEvent, planApproval } from '../machines/plan-approval';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import type { Actor, ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent, contextOf } from '../runtime';

/** Names a plan version under a project's URL: the plan and the version's number (every version command's input). */
export const planVersionRef = { projectId: id(), planId: id(), number: id() };

/**
 * A plan version with its plan and approval instance, for someone allowed `permission` on the plan's
 * project; under a project's URL (`projectId`), a plan of another project is not found.
 */
export function loadPlanVersionFor(tx: Conn, actor: Actor, ref: { planId: number; number: number; projectId?: number }, permission: ProjectPermission) {
  const plan = tx.select().from(plans).where(eq(plans.id, ref.planId)).get();
  if (!plan || (ref.projectId !== undefined && plan.projectId !== ref.projectId)) throw notFound('No such plan in this project.');
  const { project, roles } = requireProjectPermission(tx, actor, plan.projectId, permission);
  const version = tx
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, plan.id), eq(planVersions.number, ref.number)))
    .get();
  if (!version) throw notFound(`${plan.planKey} has no version ${ref.number}.`);
  if (!version.instanceId) throw notFound(`${plan.planKey} version ${ref.number} was uploaded before plan approvals existed: it has no approval.`);
  const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, version.instanceId)).get()!;
  return { plan, version, instance, context: contextOf(planApproval, instance), state: String(instance.stateValue), project, roles };
}

export type LoadedPlanVersion = ReturnType<typeof loadPlanVersionFor>;

/** "NW-RM-2026 v2": how a version is named in audit rows and messages. */
export const versionName = (l: Pick<LoadedPlanVersion, 'plan' | 'version'>) => `${l.plan.planKey} v${l.version.number}`;

/** Applies an approval event to a plan version, audited against the plan. */
export function applyPlanEvent(
  tx: Tx,
  loaded: Pick<LoadedPlanVersion, 'plan' | 'version'>,
  opts: { event: PlanApprovalEvent; actor: Actor; at: Date; action: AuditAction; detail: string; after?: object },
) {
  // Whoever acts on the version has answered what their notices about it asked.
  settleNotices(tx, opts.actor.id, itemLinks.planVersion(loaded.plan.projectId, loaded.plan.id, loaded.version.number), opts.at);
  return applyEvent(tx, planApproval, {
    instanceId: loaded.version.instanceId!,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    audit: { action: opts.action, subjectType: 'plan', subjectId: versionName(loaded), detail: opts.detail, after: opts.after },
  });
}

/**
 * What a version's sign form carries now (its fingerprint and the approval round), for a caller that
 * has no page: seeds and tests sign what a person would have been shown.
 */
export function planSignatureBasis(conn: Conn, planId: number, number: number) {
  const row = conn
    .select({ fingerprint: planVersions.documentHash, instance: workflowInstances })
    .from(planVersions)
    .innerJoin(workflowInstances, eq(workflowInstances.id, planVersions.instanceId))
    .where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)))
    .get();
  if (!row) throw new Error(`No plan version ${planId} v${number}`);
  return { fingerprint: row.fingerprint, round: contextOf(planApproval, row.instance).round };
}
