import { z } from 'zod';
import { applyChangeEvent, changeRef, loadChangeFor } from '../changes/access';
import { defineCommand } from '../command';

export const closeChangeRequestInput = z.object(changeRef);

/** The PM closes an implemented change request. */
export const closeChangeRequest = defineCommand({
  input: closeChangeRequestInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadChangeFor(tx, actor, data);
    return applyChangeEvent(tx, loaded, {
      event: { type: 'CLOSE', actor: loaded.party, at: at.toISOString() },
      actor,
      at,
      action: 'change.closed',
      detail: `${loaded.change.key} closed.`,
    });
  },
});
