import { eq, sql } from 'drizzle-orm';
import { initialTransition } from 'xstate';
import type { Tx } from '~/db/client';
import { requirementLinks, requirements, requirementVersions, workflowInstances } from '~/db/schema';
import { requirementSignoff } from '../machines/requirement-signoff';
import type { Actor } from '../policy/roles';
import { fingerprintOf, type RequirementContent, requirementKey } from './content';

/** One requirement to create: its content and the ids of the existing requirements it links to. */
export type NewRequirement = { content: RequirementContent; linkIds: number[] };
export type CreatedRequirement = { id: number; key: string; fingerprint: string };

/**
 * The sign-off machine's first snapshot for a new version by this author, per fingerprint. Working it
 * out is the slowest step of creating a requirement; in an import only the fingerprint differs, so it
 * is worked out once and the fingerprint set per row, after checking on a second fingerprint that the
 * machine's first snapshot differs by nothing else (if it ever does, each row is worked out in full).
 */
function initialSnapshots(authorId: number): (fingerprint: string) => { value: unknown; context: unknown } {
  const full = (fingerprint: string) => {
    const [snapshot] = initialTransition(requirementSignoff.machine, { authorId, fingerprint });
    return { value: snapshot.value, context: snapshot.context };
  };
  const template = full('');
  const derived = (fingerprint: string) => ({ value: template.value, context: { ...template.context, fingerprint } });
  const probe = 'probe-fingerprint';
  return JSON.stringify(derived(probe)) === JSON.stringify(full(probe)) ? derived : full;
}

const p = sql.placeholder;

/**
 * Creates many requirements at once (an import): each with its first version, its sign-off instance in
 * draft and its links, as `insertRequirement` makes one, but through statements prepared once for the
 * whole import (a dozen query builds per row made 5,000 rows take seconds). Keys are numbered from
 * `firstNumber` on. The caller has checked every row against the project (owners, phases, linked
 * keys) inside the same transaction, and audits the whole act.
 */
export function insertRequirementsInBulk(
  tx: Tx,
  opts: { actor: Actor; at: Date; projectId: number; firstNumber: number; rows: NewRequirement[] },
): CreatedRequirement[] {
  const iso = opts.at.toISOString();
  const initial = initialSnapshots(opts.actor.id);
  const insertRequirement = tx
    .insert(requirements)
    .values({ projectId: opts.projectId, key: p('key'), createdAt: iso })
    .returning({ id: requirements.id })
    .prepare();
  const insertInstance = tx
    .insert(workflowInstances)
    .values({
      machineId: requirementSignoff.id,
      machineVersion: requirementSignoff.version,
      stateValue: p('stateValue'),
      context: p('context'),
      version: 0,
      subjectType: 'requirement',
      subjectId: p('subjectId'),
      projectId: opts.projectId,
      createdAt: iso,
      updatedAt: iso,
    })
    .returning({ id: workflowInstances.id })
    .prepare();
  const insertVersion = tx
    .insert(requirementVersions)
    .values({
      requirementId: p('requirementId'),
      number: 1,
      title: p('title'),
      description: p('description'),
      category: p('category'),
      priority: p('priority'),
      ownerId: p('ownerId'),
      phaseKey: p('phaseKey'),
      acceptanceCriteria: p('acceptanceCriteria'),
      examples: p('examples'),
      fingerprint: p('fingerprint'),
      authorId: opts.actor.id,
      instanceId: p('instanceId'),
      createdAt: iso,
      updatedAt: iso,
    })
    .returning({ id: requirementVersions.id })
    .prepare();
  const setCurrentVersion = tx
    .update(requirements)
    .set({ currentVersionId: sql`${p('versionId')}` })
    .where(eq(requirements.id, p('id')))
    .prepare();
  const insertLink = tx
    .insert(requirementLinks)
    .values({ fromId: p('fromId'), toId: p('toId'), createdAt: iso })
    .prepare();

  return opts.rows.map((row, i) => {
    const key = requirementKey(opts.firstNumber + i);
    const fingerprint = fingerprintOf(row.content);
    const { id } = insertRequirement.get({ key })!;
    const snapshot = initial(fingerprint);
    const instance = insertInstance.get({ stateValue: snapshot.value, context: snapshot.context, subjectId: id })!;
    const { examples, acceptanceCriteria, ...content } = row.content;
    const version = insertVersion.get({ ...content, acceptanceCriteria, examples, requirementId: id, fingerprint, instanceId: instance.id })!;
    setCurrentVersion.run({ versionId: version.id, id });
    for (const toId of new Set(row.linkIds)) insertLink.run({ fromId: id, toId });
    return { id, key, fingerprint };
  });
}
