import { z } from 'zod';
import { defineCommand } from '../command';
import { applyDeliverableEvent, deliverableRef, loadDeliverableFor } from '../vendors/access';

export const reviewDeliverableInput = z.object(deliverableRef);

/** The named client reviewer takes a submitted deliverable into review. */
export const reviewDeliverable = defineCommand({
  input: reviewDeliverableInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadDeliverableFor(tx, actor, data, 'vendor.view');
    return applyDeliverableEvent(tx, loaded, {
      event: { type: 'REVIEW', actor: loaded.party, at: at.toISOString() },
      actor,
      at,
      action: 'deliverable.in_review',
      detail: `${loaded.deliverable.key} submission ${loaded.context.submissions} taken into review.`,
    });
  },
});
