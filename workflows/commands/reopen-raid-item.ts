import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { raidItems } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { refused } from '../errors';
import { id, text, version } from '../input';
import { loadRaidItemFor, staleRaidVersion } from '../raid/access';

export const reopenRaidItemInput = z.object({
  projectId: id(),
  itemId: id(),
  version: version(),
  reason: text({ max: 2000, min: 5, message: 'Say why it is reopened (at least 5 characters).' }),
});

/** Reopens a closed RAID item with a reason; who closed it and when stays in its history. */
export const reopenRaidItem = defineCommand({
  input: reopenRaidItemInput,
  handle: ({ tx, actor, at }, { projectId, itemId, version: shown, reason }) => {
    const { item } = loadRaidItemFor(tx, actor, { projectId, itemId }, 'raid.write');
    if (shown !== item.version) throw staleRaidVersion(item.key, shown, item.version);
    if (item.status !== 'closed') throw refused(`${item.key} is open already.`);
    const iso = at.toISOString();
    const updated = tx
      .update(raidItems)
      .set({ status: 'open', closedBy: null, closedAt: null, version: item.version + 1, updatedBy: actor.id, updatedAt: iso })
      .where(and(eq(raidItems.id, item.id), eq(raidItems.version, shown)))
      .returning()
      .get();
    if (!updated) throw staleRaidVersion(item.key, shown, item.version + 1);
    emitAudit(tx, {
      at,
      actor,
      projectId,
      action: 'raid.reopened',
      subjectType: 'raid_item',
      subjectId: item.key,
      fromState: 'closed',
      toState: 'open',
      before: { version: item.version, status: 'closed', closedBy: item.closedBy, closedAt: item.closedAt },
      after: { version: updated.version, status: 'open', reason },
      detail: `${item.key} reopened: ${reason}`,
    });
    return updated;
  },
});
