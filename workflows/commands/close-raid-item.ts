import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { raidItems } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid, refused } from '../errors';
import { id, text, version } from '../input';
import { loadRaidItemFor, staleRaidVersion } from '../raid/access';

export const closeRaidItemInput = z.object({
  projectId: id(),
  itemId: id(),
  version: version(),
  /** An issue's resolution (required to close an issue unless it already has one); ignored for other types. */
  resolution: text({ max: 5000 }).default(''),
});

/**
 * Closes a RAID item, recording who closed it and when; it stays on the log, readable. An issue closes
 * only with a resolution (given here, or already written on it).
 */
export const closeRaidItem = defineCommand({
  input: closeRaidItemInput,
  handle: ({ tx, actor, at }, { projectId, itemId, version: shown, resolution }) => {
    const { item } = loadRaidItemFor(tx, actor, { projectId, itemId }, 'raid.write');
    if (shown !== item.version) throw staleRaidVersion(item.key, shown, item.version);
    if (item.status === 'closed') throw refused(`${item.key} is already closed.`);
    const finalResolution = item.type === 'issue' ? resolution || item.resolution : item.resolution;
    if (item.type === 'issue' && !finalResolution)
      throw invalid('Check the highlighted fields.', { resolution: 'Say how the issue was resolved before closing it.' });
    const iso = at.toISOString();
    const updated = tx
      .update(raidItems)
      .set({ status: 'closed', resolution: finalResolution, closedBy: actor.id, closedAt: iso, version: item.version + 1, updatedBy: actor.id, updatedAt: iso })
      .where(and(eq(raidItems.id, item.id), eq(raidItems.version, shown)))
      .returning()
      .get();
    if (!updated) throw staleRaidVersion(item.key, shown, item.version + 1);
    emitAudit(tx, {
      at,
      actor,
      projectId,
      action: 'raid.closed',
      subjectType: 'raid_item',
      subjectId: item.key,
      fromState: 'open',
      toState: 'closed',
      before: { version: item.version, status: item.status, resolution: item.resolution },
      after: { version: updated.version, status: 'closed', resolution: finalResolution, closedBy: actor.id, closedAt: iso },
      detail: item.type === 'issue' ? `${item.key} closed: ${finalResolution}` : `${item.key} closed.`,
    });
    return updated;
  },
});
