import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { raidLinkTarget } from '~/db/queries/raid';
import { raidLinks } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound } from '../errors';
import { id } from '../input';
import { loadRaidItemFor } from '../raid/access';
import { raidLinkTargetLabels } from '../raid/links';

export const unlinkRaidItemInput = z.object({ projectId: id(), itemId: id(), linkId: id() });

/** Removes a link shown on a RAID item (one it made, or one another RAID item made to it); the audit keeps what it was. */
export const unlinkRaidItem = defineCommand({
  input: unlinkRaidItemInput,
  handle: ({ tx, actor, at }, { projectId, itemId, linkId }) => {
    const { item } = loadRaidItemFor(tx, actor, { projectId, itemId }, 'raid.write');
    const link = tx.select().from(raidLinks).where(eq(raidLinks.id, linkId)).get();
    const ours = link && (link.itemId === item.id || (link.targetType === 'raid' && link.targetId === item.id));
    if (!link || !ours) throw notFound(`${item.key} has no such link.`);
    const otherType = link.itemId === item.id ? link.targetType : 'raid';
    const otherId = link.itemId === item.id ? link.targetId : link.itemId;
    const other = raidLinkTarget(tx, otherType, otherId);
    tx.delete(raidLinks).where(eq(raidLinks.id, link.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId,
      action: 'raid.unlinked',
      subjectType: 'raid_item',
      subjectId: item.key,
      before: { linkId: link.id, itemId: link.itemId, targetType: link.targetType, targetId: link.targetId, otherKey: other?.key ?? null },
      detail: `${item.key} no longer linked to ${raidLinkTargetLabels[otherType].toLowerCase()} ${other?.key ?? otherId}.`,
    });
    return { key: other?.key ?? String(otherId) };
  },
});
