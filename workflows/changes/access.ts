import { eq } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { changeRequests, type ProjectRole, workflowInstances } from '~/db/schema';
import type { AuditAction } from '../audit-catalogue';
import { notFound } from '../errors';
import { id } from '../input';
import { type ChangeActor, type ChangeEvent, changeRequestWorkflow } from '../machines/change-request';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import type { Actor, ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent, contextOf } from '../runtime';

export const changeRef = { projectId: id(), changeId: id() };

/** The person as the change request machine sees them: their roles on the project. */
export const changeActorOf = (actor: Actor, roles: ProjectRole[]): ChangeActor => ({ id: actor.id, roles });

/** A change request with its workflow, under a project's URL, for someone allowed `permission`. */
export function loadChangeFor(conn: Conn, actor: Actor, ref: { projectId: number; changeId: number }, permission: ProjectPermission = 'change.view') {
  const access = requireProjectPermission(conn, actor, ref.projectId, permission);
  const row = conn
    .select({ change: changeRequests, instance: workflowInstances })
    .from(changeRequests)
    .innerJoin(workflowInstances, eq(workflowInstances.id, changeRequests.instanceId))
    .where(eq(changeRequests.id, ref.changeId))
    .get();
  if (!row || row.change.projectId !== ref.projectId) throw notFound('No such change request in this project.');
  return {
    ...access,
    ...row,
    context: contextOf(changeRequestWorkflow, row.instance),
    state: String(row.instance.stateValue),
    party: changeActorOf(actor, access.roles),
  };
}
export type LoadedChange = ReturnType<typeof loadChangeFor>;

/** Applies a change request event, audited against its key; a stale version (someone acted meanwhile) is refused. */
export function applyChangeEvent(
  tx: Tx,
  loaded: Pick<LoadedChange, 'change'>,
  opts: { event: ChangeEvent; actor: Actor; at: Date; action: AuditAction; detail: string; after?: object; expectedVersion?: number },
) {
  // Whoever acts on the change has answered what their notices about it asked.
  settleNotices(tx, opts.actor.id, itemLinks.change(loaded.change.projectId, loaded.change.id), opts.at);
  return applyEvent(tx, changeRequestWorkflow, {
    instanceId: loaded.change.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    expectedVersion: opts.expectedVersion,
    audit: { action: opts.action, subjectType: 'change_request', subjectId: loaded.change.key, detail: opts.detail, after: opts.after },
  });
}

/** The next change request key of a project: CR-001, CR-002 ... */
export function nextChangeKey(conn: Conn, projectId: number): string {
  const keys = conn.select({ key: changeRequests.key }).from(changeRequests).where(eq(changeRequests.projectId, projectId)).all();
  const n = keys.reduce((max, { key }) => Math.max(max, Number(key.replace(/^CR-/, '')) || 0), 0) + 1;
  return `CR-${String(n).padStart(3, '0')}`;
}
