import { z } from 'zod';
import { applyChangeEvent, changeRef, loadChangeFor } from '../changes/access';
import { defineCommand } from '../command';
import { text } from '../input';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';

export const rejectChangeRequestInput = z.object({ ...changeRef, reason: text({ max: 2000 }).default('') });

/** The named decider rejects the change with a reason; it is final. */
export const rejectChangeRequest = defineCommand({
  input: rejectChangeRequestInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadChangeFor(tx, actor, data);
    const applied = applyChangeEvent(tx, loaded, {
      event: { type: 'REJECT', actor: loaded.party, at: at.toISOString(), reason: data.reason },
      actor,
      at,
      action: 'change.rejected',
      detail: `${loaded.change.key} rejected: ${data.reason}`,
    });
    notify(tx, {
      userIds: [loaded.change.requestedBy],
      projectId: loaded.change.projectId,
      kind: 'change.decided',
      title: `${loaded.change.key} rejected by ${actor.name}`,
      body: `Your change request ${loaded.change.key} (${loaded.change.title}) was rejected${data.reason ? `: ${data.reason}` : '.'}`,
      link: itemLinks.change(loaded.change.projectId, loaded.change.id),
      at,
    });
    return applied;
  },
});
