import { z } from 'zod';
import { raidItems } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id } from '../input';
import { requireRaidAccess } from '../raid/access';
import { columnsOf, nextRaidNumber, partyProblems, raidContentSchema, raidKey, raidParties } from '../raid/content';

export const logRaidItemInput = raidContentSchema.and(z.object({ projectId: id() }));

/** Logs a risk, assumption, issue, dependency, action or decision on a project's RAID log, open, numbered RAID-001 on. */
export const logRaidItem = defineCommand({
  input: logRaidItemInput,
  handle: ({ tx, actor, at }, { projectId, ...content }) => {
    requireRaidAccess(tx, actor, projectId, 'raid.write');
    const columns = columnsOf(content);
    const problems = partyProblems(columns, raidParties(tx, projectId));
    if (Object.keys(problems).length > 0) throw invalid('Check the highlighted fields.', problems);
    const iso = at.toISOString();
    const item = tx
      .insert(raidItems)
      .values({
        projectId,
        key: raidKey(nextRaidNumber(tx, projectId)),
        ...columns,
        createdBy: actor.id,
        createdAt: iso,
        updatedBy: actor.id,
        updatedAt: iso,
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId,
      action: 'raid.logged',
      subjectType: 'raid_item',
      subjectId: item.key,
      toState: 'open',
      after: { version: item.version, ...columns },
      detail: `${item.key} ${columns.type}: ${columns.title}`,
    });
    return item;
  },
});
