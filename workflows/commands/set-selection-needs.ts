import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { requirements, selectionNeeds } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, list } from '../input';
import { loadSelectionFor, requireDrafted, selectionRef } from '../selection/access';

export const setSelectionNeedsInput = z.object({ ...selectionRef, requirementIds: list(id('Choose requirements from the list.')) });

/** The business needs the selection serves: requirements of the project's register (their priorities come with them). */
export const setSelectionNeeds = defineCommand({
  input: setSelectionNeedsInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    requireDrafted(loaded);
    const ids = [...new Set(data.requirementIds)];
    const found = ids.length
      ? tx
          .select({ id: requirements.id, key: requirements.key })
          .from(requirements)
          .where(and(eq(requirements.projectId, data.projectId), inArray(requirements.id, ids)))
          .all()
      : [];
    if (found.length !== ids.length) throw invalid('Check the highlighted fields.', { requirementIds: 'Choose requirements of this project.' });
    const before = tx.select().from(selectionNeeds).where(eq(selectionNeeds.selectionId, data.selectionId)).all();
    tx.delete(selectionNeeds).where(eq(selectionNeeds.selectionId, data.selectionId)).run();
    for (const requirementId of ids) tx.insert(selectionNeeds).values({ selectionId: data.selectionId, requirementId }).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.needs_set',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      before: { requirementIds: before.map((n) => n.requirementId) },
      after: { requirements: found.map((r) => r.key).sort() },
    });
    return found.length;
  },
});
