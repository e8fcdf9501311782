import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { planVersions } from '~/db/schema';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { isoDate } from '../input';
import { bringIntoEffect } from '../plans/effective';
import { applyPlanEvent, loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';

export const publishPlanVersionInput = z.object({ ...planVersionRef, effectiveFrom: isoDate() });

/**
 * The PM publishes an approved version, applying from a date. The previous published version applies
 * until then: if the date has come the version is in effect at once, otherwise the daily sweep brings
 * it into effect on that day (workflows/plans/effective.ts). A version cannot apply from before the
 * version published last: history of what was in effect is never rewritten.
 */
export const publishPlanVersion = defineCommand({
  input: publishPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    const loaded = loadPlanVersionFor(tx, actor, input, 'plan.govern');
    const last = tx
      .select({ number: planVersions.number, effectiveFrom: planVersions.effectiveFrom })
      .from(planVersions)
      .where(and(eq(planVersions.planId, loaded.plan.id), isNotNull(planVersions.effectiveFrom)))
      .orderBy(desc(planVersions.effectiveFrom))
      .limit(1)
      .get();
    if (last?.effectiveFrom && input.effectiveFrom <= last.effectiveFrom && loaded.state === 'approved')
      throw invalid('Check the highlighted fields.', {
        effectiveFrom: `Version ${last.number} applies from ${last.effectiveFrom}: this one must apply from a later day.`,
      });
    const applied = applyPlanEvent(tx, loaded, {
      event: { type: 'PUBLISH', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString(), effectiveFrom: input.effectiveFrom },
      actor,
      at,
      action: 'plan.published',
      detail: `${versionName(loaded)} published, in effect from ${input.effectiveFrom}.`,
    });
    tx.update(planVersions).set({ effectiveFrom: input.effectiveFrom }).where(eq(planVersions.id, loaded.version.id)).run();
    const inEffect = bringIntoEffect(tx, { planId: loaded.plan.id, actor, at });
    return { applied, inEffect };
  },
});
