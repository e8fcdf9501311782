import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { selectionCriteria } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound } from '../errors';
import { id } from '../input';
import { loadSelectionFor, requireDrafted, selectionRef } from '../selection/access';

export const removeSelectionCriterionInput = z.object({ ...selectionRef, criterionId: id() });

/** Takes a criterion out while the criteria are drafted (nobody has scored yet). */
export const removeSelectionCriterion = defineCommand({
  input: removeSelectionCriterionInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    requireDrafted(loaded);
    const criterion = tx
      .select()
      .from(selectionCriteria)
      .where(and(eq(selectionCriteria.id, data.criterionId), eq(selectionCriteria.selectionId, data.selectionId)))
      .get();
    if (!criterion) throw notFound('No such criterion in this selection.');
    tx.delete(selectionCriteria).where(eq(selectionCriteria.id, criterion.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.criterion_removed',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      before: { group: criterion.group, name: criterion.name, weight: criterion.weight },
    });
  },
});
