import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deliverableSubmissions } from '~/db/schema';
import { defineCommand } from '../command';
import { text } from '../input';
import { applyDeliverableEvent, deliverableRef, loadDeliverableFor } from '../vendors/access';

export const waiveDeliverableInput = z.object({
  ...deliverableRef,
  reason: text({ max: 2000, min: 5, message: 'Say why the deliverable is waived (at least 5 characters).' }),
});

/** The PM waives a deliverable that is not accepted, with the reason; a submission waiting for review is withdrawn. */
export const waiveDeliverable = defineCommand({
  input: waiveDeliverableInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadDeliverableFor(tx, actor, data, 'vendor.manage');
    const applied = applyDeliverableEvent(tx, loaded, {
      event: { type: 'WAIVE', actor: loaded.party, at: at.toISOString(), reason: data.reason },
      actor,
      at,
      action: 'deliverable.waived',
      detail: `${loaded.deliverable.key} waived: ${data.reason}`,
    });
    tx.update(deliverableSubmissions)
      .set({ outcome: 'withdrawn', decidedBy: actor.id, decidedAt: at.toISOString() })
      .where(and(eq(deliverableSubmissions.deliverableId, loaded.deliverable.id), eq(deliverableSubmissions.outcome, 'pending')))
      .run();
    return applied;
  },
});
