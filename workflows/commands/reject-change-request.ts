import { z } from 'zod';
import { applyChangeEvent, changeRef, loadChangeFor } from '../changes/access';
import { defineCommand } from '../command';
import { text } from '../input';

export const rejectChangeRequestInput = z.object({ ...changeRef, reason: text({ max: 2000 }).default('') });

/** The named decider rejects the change with a reason; it is final. */
export const rejectChangeRequest = defineCommand({
  input: rejectChangeRequestInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadChangeFor(tx, actor, data);
    return applyChangeEvent(tx, loaded, {
      event: { type: 'REJECT', actor: loaded.party, at: at.toISOString(), reason: data.reason },
      actor,
      at,
      action: 'change.rejected',
      detail: `${loaded.change.key} rejected: ${data.reason}`,
    });
  },
});
