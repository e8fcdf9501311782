import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { selectionCriteria } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id } from '../input';
import { loadSelectionFor, requireDrafted, selectionRef, weightsTotal } from '../selection/access';
import { weight } from '../selection/weights';

export const setSelectionWeightsInput = z.object({
  ...selectionRef,
  weights: z.array(z.object({ criterionId: id(), weight: weight() })).min(1, 'Add a criterion first.'),
});

/**
 * The weights of the criteria, stored exactly as typed (decimal text). They may sum to anything while
 * drafted (the page shows the sum); the lock is refused unless they sum to exactly 100.
 */
export const setSelectionWeights = defineCommand({
  input: setSelectionWeightsInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    requireDrafted(loaded);
    const criteria = tx.select().from(selectionCriteria).where(eq(selectionCriteria.selectionId, data.selectionId)).all();
    const errors: Record<string, string> = {};
    for (const w of data.weights) if (!criteria.some((c) => c.id === w.criterionId)) errors[`weight.${w.criterionId}`] = 'No such criterion in this selection.';
    if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
    for (const w of data.weights) tx.update(selectionCriteria).set({ weight: w.weight }).where(eq(selectionCriteria.id, w.criterionId)).run();
    const after = tx.select().from(selectionCriteria).where(eq(selectionCriteria.selectionId, data.selectionId)).all();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.weights_set',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      before: { weights: Object.fromEntries(criteria.map((c) => [c.name, c.weight])) },
      after: { weights: Object.fromEntries(after.map((c) => [c.name, c.weight])), total: weightsTotal(after) },
    });
    return weightsTotal(after);
  },
});
