import { and, eq } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { type ProjectRole, workflowInstances } from '~/db/schema';
import { sha256Hex } from '~/engine';
import type { AuditAction } from '../audit-catalogue';
import { notFound } from '../errors';
import { type CorrectivePlan, type RecoveryActor, type RecoveryEvent, recoveryWorkflow } from '../machines/recovery';
import type { Actor, ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent, contextOf } from '../runtime';

/**
 * A project has at most one recovery: its workflow instance (machine "recovery", subject the project).
 * The assessment, the plan and the turnaround live in the instance's context, so no table of their own
 * is needed (docs/decisions/0021-project-recovery.md).
 */
export const recoverySubject = 'project';

/** The project's recovery instance, or null when none was started. */
export function recoveryInstanceOf(conn: Conn, projectId: number) {
  return (
    conn
      .select()
      .from(workflowInstances)
      .where(and(eq(workflowInstances.machineId, recoveryWorkflow.id), eq(workflowInstances.projectId, projectId)))
      .get() ?? null
  );
}

/** The person as the recovery machine sees them: their roles on the project. */
export const recoveryActorOf = (actor: Actor, roles: ProjectRole[]): RecoveryActor => ({ id: actor.id, roles });

/** A recovery project for someone allowed `permission`, with its recovery when started (null otherwise). */
export function loadRecoveryProject(conn: Conn, actor: Actor, projectId: number, permission: ProjectPermission = 'recovery.view') {
  const access = requireProjectPermission(conn, actor, projectId, permission);
  if (access.project.kind !== 'recovery') throw notFound('This project is not a recovery.');
  const instance = recoveryInstanceOf(conn, projectId);
  return {
    ...access,
    instance,
    context: instance ? contextOf(recoveryWorkflow, instance) : null,
    state: instance ? String(instance.stateValue) : null,
    party: recoveryActorOf(actor, access.roles),
  };
}

/** The started recovery of a project (404 when there is none yet). */
export function loadRecoveryFor(conn: Conn, actor: Actor, projectId: number, permission: ProjectPermission = 'recovery.view') {
  const loaded = loadRecoveryProject(conn, actor, projectId, permission);
  if (!loaded.instance || !loaded.context || !loaded.state) throw notFound('No recovery has been started on this project.');
  return { ...loaded, instance: loaded.instance, context: loaded.context, state: loaded.state };
}
export type LoadedRecovery = ReturnType<typeof loadRecoveryFor>;

/** Applies a recovery event, audited against the project; a stale version (someone acted meanwhile) is refused. */
export function applyRecoveryEvent(
  tx: Tx,
  loaded: Pick<LoadedRecovery, 'instance' | 'project'>,
  opts: { event: RecoveryEvent; actor: Actor; at: Date; action: AuditAction; detail: string; after?: object; expectedVersion?: number },
) {
  return applyEvent(tx, recoveryWorkflow, {
    instanceId: loaded.instance.id,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    expectedVersion: opts.expectedVersion,
    audit: { action: opts.action, subjectType: 'recovery', subjectId: loaded.project.id, detail: opts.detail, after: opts.after },
  });
}

/** What the sponsor signs: the project, the plan's revision and its content, including the baseline it was saved as. */
export const planFingerprint = (projectId: number, plan: CorrectivePlan | null) => sha256Hex(JSON.stringify({ projectId, plan }));
