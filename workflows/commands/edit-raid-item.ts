import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { raidItems } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, version } from '../input';
import { loadRaidItemFor, staleRaidVersion } from '../raid/access';
import { columnsOf, partyProblems, raidContentSchema, raidParties, storedContent } from '../raid/content';

export const editRaidItemInput = raidContentSchema.and(
  z.object({
    projectId: id(),
    itemId: id(),
    /** The version the editor's page showed: if the item changed since, nothing is overwritten. */
    version: version(),
  }),
);

/**
 * Edits a RAID item's content (its type stays). Optimistic: the form names the version it was made from;
 * the update is made only where the row still has that version, so two people editing at once cannot
 * overwrite each other. The audit row holds what it said before and after.
 */
export const editRaidItem = defineCommand({
  input: editRaidItemInput,
  handle: ({ tx, actor, at }, { projectId, itemId, version: shown, ...content }) => {
    const { item } = loadRaidItemFor(tx, actor, { projectId, itemId }, 'raid.write');
    if (shown !== item.version) throw staleRaidVersion(item.key, shown, item.version);
    if (content.type !== item.type) throw invalid('Check the highlighted fields.', { type: `${item.key} is a ${item.type}: its type does not change.` });
    const columns = columnsOf(content);
    const problems = partyProblems(columns, raidParties(tx, projectId));
    if (Object.keys(problems).length > 0) throw invalid('Check the highlighted fields.', problems);
    const before = storedContent(item);
    if (JSON.stringify(before) === JSON.stringify(columns)) throw invalid('Nothing changed: the item already says this.');
    const updated = tx
      .update(raidItems)
      .set({ ...columns, version: item.version + 1, updatedBy: actor.id, updatedAt: at.toISOString() })
      .where(and(eq(raidItems.id, item.id), eq(raidItems.version, shown)))
      .returning()
      .get();
    if (!updated) throw staleRaidVersion(item.key, shown, item.version + 1);
    emitAudit(tx, {
      at,
      actor,
      projectId,
      action: 'raid.edited',
      subjectType: 'raid_item',
      subjectId: item.key,
      before: { version: item.version, ...before },
      after: { version: updated.version, ...columns },
      detail: `${item.key} edited (version ${updated.version}).`,
    });
    return updated;
  },
});
