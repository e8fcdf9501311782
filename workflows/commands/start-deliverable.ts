import { z } from 'zod';
import { defineCommand } from '../command';
import { applyDeliverableEvent, deliverableRef, loadDeliverableFor } from '../vendors/access';

export const startDeliverableInput = z.object(deliverableRef);

/** The vendor (or the PM) records that work on a planned deliverable has started. */
export const startDeliverable = defineCommand({
  input: startDeliverableInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadDeliverableFor(tx, actor, data, 'vendor.deliver');
    return applyDeliverableEvent(tx, loaded, {
      event: { type: 'START', actor: loaded.party, at: at.toISOString() },
      actor,
      at,
      action: 'deliverable.started',
      detail: `${loaded.deliverable.key} started.`,
    });
  },
});
