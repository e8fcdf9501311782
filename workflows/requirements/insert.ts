import { and, eq } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { methodologyPhases, projects, requirementLinks, requirements, requirementVersions } from '~/db/schema';
import { emitAudit } from '../audit';
import { invalid } from '../errors';
import { requirementSignoff } from '../machines/requirement-signoff';
import type { Actor } from '../policy/roles';
import { rolesOn } from '../project-access';
import { createInstance } from '../runtime';
import { fingerprintOf, type RequirementContent, requirementKey } from './content';
import { nextKeyNumber } from './load';

/** Checks what the schema cannot: the owner is a stakeholder here, the phase is one of the project's. */
export function checkContentInProject(tx: Tx, projectId: number, content: RequirementContent): Record<string, string> {
  const errors: Record<string, string> = {};
  const project = tx.select().from(projects).where(eq(projects.id, projectId)).get()!;
  const phase = tx
    .select()
    .from(methodologyPhases)
    .where(and(eq(methodologyPhases.methodologyId, project.methodologyId), eq(methodologyPhases.key, content.phaseKey)))
    .get();
  if (!phase) errors.phaseKey = 'Choose one of the project’s phases.';
  const roles = rolesOn(tx, content.ownerId, projectId);
  if (!roles.includes('stakeholder')) errors.ownerId = 'The owner must be a stakeholder of this project.';
  return errors;
}

/** Shared by create and import: one requirement, its first version and its links, audited. */
export function insertRequirement(tx: Tx, opts: { actor: Actor; at: Date; projectId: number; content: RequirementContent; linkKeys: string[]; key?: string }) {
  const problems = checkContentInProject(tx, opts.projectId, opts.content);
  if (Object.keys(problems).length > 0) throw invalid('Check the highlighted fields.', problems);
  const key = opts.key ?? requirementKey(nextKeyNumber(tx, opts.projectId));
  if (
    tx
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, opts.projectId), eq(requirements.key, key)))
      .get()
  )
    throw invalid('Check the highlighted fields.', { key: `${key} already exists in this project.` });
  const iso = opts.at.toISOString();
  const requirement = tx.insert(requirements).values({ projectId: opts.projectId, key, createdAt: iso }).returning().get();
  const fingerprint = fingerprintOf(opts.content);
  const instance = createInstance(tx, requirementSignoff, {
    input: { authorId: opts.actor.id, fingerprint },
    subjectType: 'requirement',
    subjectId: requirement.id,
    projectId: opts.projectId,
    at: opts.at,
  });
  const version = tx
    .insert(requirementVersions)
    .values({
      requirementId: requirement.id,
      number: 1,
      ...opts.content,
      fingerprint,
      authorId: opts.actor.id,
      instanceId: instance.id,
      createdAt: iso,
      updatedAt: iso,
    })
    .returning()
    .get();
  tx.update(requirements).set({ currentVersionId: version.id }).where(eq(requirements.id, requirement.id)).run();
  for (const linkKey of opts.linkKeys) {
    const other = tx
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, opts.projectId), eq(requirements.key, linkKey)))
      .get();
    if (!other) throw invalid('Check the highlighted fields.', { links: `There is no ${linkKey} in this project.` });
    tx.insert(requirementLinks).values({ fromId: requirement.id, toId: other.id, createdAt: iso }).run();
  }
  emitAudit(tx, {
    at: opts.at,
    actor: opts.actor,
    projectId: opts.projectId,
    action: 'requirement.created',
    subjectType: 'requirement',
    subjectId: `${key} v1`,
    toState: 'draft',
    after: { ...opts.content, fingerprint, links: opts.linkKeys },
  });
  return { requirement: { ...requirement, currentVersionId: version.id }, version };
}
