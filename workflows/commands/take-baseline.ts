import { and, eq, sql } from 'drizzle-orm';
import { baselineItems, baselines, requirementVersions, requirements, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { requireProjectPermission } from '../project-access';
import { type CommandContext, immediate } from './context';

/** The PM freezes the set of current requirement versions under a name, to compare against later. */
export function takeBaseline(ctx: CommandContext, input: { projectId: number; name: string }) {
  const name = input.name.trim();
  if (name.length < 3) throw invalid('Check the highlighted fields.', { name: 'Name the baseline (at least 3 characters).' });
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    requireProjectPermission(tx, ctx.actor, input.projectId, 'requirement.baseline');
    if (tx.select().from(baselines).where(and(eq(baselines.projectId, input.projectId), eq(baselines.name, name))).get())
      throw invalid('Check the highlighted fields.', { name: 'A baseline with this name exists already.' });
    const baseline = tx
      .insert(baselines)
      .values({ projectId: input.projectId, name, createdBy: ctx.actor.id, createdAt: at.toISOString() })
      .returning()
      .get();
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
    for (const item of current) tx.insert(baselineItems).values({ baselineId: baseline.id, ...item }).run();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: input.projectId,
      action: 'requirement.baseline_taken',
      subjectType: 'baseline',
      subjectId: baseline.id,
      after: { name, requirements: current.length },
    });
    return baseline;
  }, immediate);
}
