import { z } from 'zod';
import { applyChangeEvent, changeRef, loadChangeFor } from '../changes/access';
import { defineCommand } from '../command';
import { text } from '../input';

export const withdrawChangeRequestInput = z.object({ ...changeRef, reason: text({ max: 2000 }).default('') });

/** The requester or the PM withdraws an undecided change request, with a reason. */
export const withdrawChangeRequest = defineCommand({
  input: withdrawChangeRequestInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadChangeFor(tx, actor, data);
    return applyChangeEvent(tx, loaded, {
      event: { type: 'WITHDRAW', actor: loaded.party, at: at.toISOString(), reason: data.reason },
      actor,
      at,
      action: 'change.withdrawn',
      detail: `${loaded.change.key} withdrawn: ${data.reason}`,
    });
  },
});
