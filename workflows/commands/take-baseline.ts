import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { baselineItems, baselines, requirements, requirementVersions, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, text } from '../input';
import { requireProjectPermission } from '../project-access';

/** The PM freezes the set of current requirement versions under a name, to compare against later. */
export const takeBaseline = defineCommand({
  input: z.object({ projectId: id(), name: text({ max: 120, min: 3, message: 'Name the baseline (at least 3 characters).' }) }),
  handle: ({ tx, actor, at }, input) => {
    const { name } = input;
    requireProjectPermission(tx, actor, input.projectId, 'requirement.baseline');
    if (
      tx
        .select()
        .from(baselines)
        .where(and(eq(baselines.projectId, input.projectId), eq(baselines.name, name)))
        .get()
    )
      throw invalid('Check the highlighted fields.', { name: 'A baseline with this name exists already.' });
    const baseline = tx.insert(baselines).values({ projectId: input.projectId, name, createdBy: actor.id, createdAt: at.toISOString() }).returning().get();
    const current = tx
      .select({
        requirementId: requirements.id,
        versionId: requirementVersions.id,
        fingerprint: requirementVersions.fingerprint,
        state: sql<string>`json_extract(${workflowInstances.stateValue}, '$')`,
      })
      .from(requirements)
      .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
      .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
      .where(eq(requirements.projectId, input.projectId))
      .all();
    for (const item of current)
      tx.insert(baselineItems)
        .values({ baselineId: baseline.id, ...item })
        .run();
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: input.projectId,
      action: 'requirement.baseline_taken',
      subjectType: 'baseline',
      subjectId: baseline.id,
      after: { name, requirements: current.length },
    });
    return baseline;
  },
});
