import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { projectMembers, requirements, requirementVersions, workflowInstances } from '~/db/schema';
import type { AuditAction } from '../audit-catalogue';
import { invalid, notFound } from '../errors';
import type { SignoffEvent } from '../machines/requirement-signoff';
import { requirementSignoff } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import type { Actor, ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent } from '../runtime';

/**
 * A requirement with its current version and sign-off instance, for someone allowed `permission`;
 * with `projectId` (the URL's), a requirement of another project is not found.
 */
export function loadRequirementFor(tx: Tx, actor: Actor, requirementId: number, permission: ProjectPermission, projectId?: number) {
  const requirement = tx.select().from(requirements).where(eq(requirements.id, requirementId)).get();
  if (!requirement || (projectId !== undefined && requirement.projectId !== projectId))
    throw notFound(projectId === undefined ? 'No such requirement.' : 'No such requirement in this project.');
  const { project, roles } = requireProjectPermission(tx, actor, requirement.projectId, permission);
  const version = tx
    .select()
    .from(requirementVersions)
    .where(eq(requirementVersions.id, requirement.currentVersionId ?? -1))
    .get();
  if (!version) throw notFound('This requirement has no version.');
  const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, version.instanceId)).get()!;
  return { requirement, version, instance, state: String(instance.stateValue), project, roles };
}

export type LoadedRequirement = ReturnType<typeof loadRequirementFor>;

/**
 * What the sign form of a requirement carries now (the current version's fingerprint and its sign-off
 * instance's version), for a caller that has no page: seeds and tests sign what a person would have been shown.
 */
export function requirementSignatureBasis(conn: Conn, requirementId: number) {
  const row = conn
    .select({ fingerprint: requirementVersions.fingerprint, version: workflowInstances.version })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(eq(requirements.id, requirementId))
    .get();
  if (!row) throw new Error(`No requirement ${requirementId}`);
  return { fingerprint: row.fingerprint, expectedVersion: row.version };
}

/** Applies a sign-off event to a requirement version, auditing it against the requirement. */
export function applySignoffEvent(
  tx: Tx,
  r: Pick<LoadedRequirement, 'requirement' | 'version'>,
  opts: { event: SignoffEvent; actor: Actor; at: Date; action: AuditAction; detail: string; before?: object; after?: object },
) {
  // Whoever acts on the requirement has answered what their notices about it asked.
  settleNotices(tx, opts.actor.id, itemLinks.requirement(r.requirement.projectId, r.requirement.id), opts.at);
  return applyEvent(tx, requirementSignoff, {
    instanceId: r.version.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    audit: {
      action: opts.action,
      subjectType: 'requirement',
      subjectId: `${r.requirement.key} v${r.version.number}`,
      detail: opts.detail,
      before: opts.before,
      after: opts.after,
    },
  });
}

/** People must be stakeholders of the project to be named as signers. */
export function requireStakeholders(tx: Tx, projectId: number, userIds: number[]) {
  if (userIds.length === 0) return;
  const found = tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, 'stakeholder'), inArray(projectMembers.userId, userIds)))
    .all();
  if (new Set(found.map((f) => f.userId)).size !== new Set(userIds).size)
    throw invalid('Check the highlighted fields.', { signerIds: 'Signers must be stakeholders of this project.' });
}

export function nextKeyNumber(tx: Tx, projectId: number): number {
  const last = tx
    .select({ key: requirements.key })
    .from(requirements)
    .where(eq(requirements.projectId, projectId))
    .orderBy(desc(requirements.id))
    .all()
    .map((r) => Number(r.key.replace(/^REQ-/, '')))
    .filter(Number.isFinite);
  return Math.max(0, ...last) + 1;
}
