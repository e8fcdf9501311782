import { z } from 'zod';
import { raidLinkBetween, raidLinkTarget } from '~/db/queries/raid';
import { raidLinks, raidLinkTargets } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid, refused } from '../errors';
import { id } from '../input';
import { loadRaidItemFor } from '../raid/access';
import { raidLinkTargetLabels } from '../raid/links';

/** A link's other end as a form sends it: "requirement:12", "deliverable:3", "defect:7" or "raid:5". */
export const raidLinkTargetInput = z
  .string('Choose what to link to.')
  .regex(new RegExp(`^(${raidLinkTargets.join('|')}):\\d+$`), 'Choose what to link to.')
  .transform((v) => {
    const [type, n] = v.split(':') as [(typeof raidLinkTargets)[number], string];
    return { type, id: Number(n) };
  });

export const linkRaidItemInput = z.object({ projectId: id(), itemId: id(), target: raidLinkTargetInput });

/**
 * Links a RAID item to a requirement, deliverable, defect or another RAID item of the same project. A
 * link to anything of another project is refused (as if it did not exist: its existence does not leak).
 */
export const linkRaidItem = defineCommand({
  input: linkRaidItemInput,
  handle: ({ tx, actor, at }, { projectId, itemId, target }) => {
    const { item } = loadRaidItemFor(tx, actor, { projectId, itemId }, 'raid.write');
    const other = raidLinkTarget(tx, target.type, target.id);
    const what = raidLinkTargetLabels[target.type].toLowerCase();
    if (!other || other.projectId !== projectId) throw invalid('Check the highlighted fields.', { target: `There is no such ${what} in this project.` });
    if (target.type === 'raid' && target.id === item.id) throw invalid('Check the highlighted fields.', { target: 'An item cannot be linked to itself.' });
    if (raidLinkBetween(tx, item.id, target.type, target.id)) throw refused(`${item.key} is already linked to ${other.key}.`);
    const link = tx
      .insert(raidLinks)
      .values({ itemId: item.id, targetType: target.type, targetId: target.id, createdBy: actor.id, createdAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId,
      action: 'raid.linked',
      subjectType: 'raid_item',
      subjectId: item.key,
      after: { linkId: link.id, targetType: target.type, targetId: target.id, targetKey: other.key },
      detail: `${item.key} linked to ${what} ${other.key}.`,
    });
    return { link, key: other.key };
  },
});
