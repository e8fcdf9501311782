import { z } from 'zod';
import { deliverableSubmissions } from '~/db/schema';
import { defineCommand } from '../command';
import { text } from '../input';
import { applyDeliverableEvent, deliverableRef, loadDeliverableFor } from '../vendors/access';

export const submitDeliverableInput = z.object({
  ...deliverableRef,
  note: text({ max: 4000, min: 5, message: 'Say what is delivered (at least 5 characters).' }),
  evidence: text({ max: 4000 }).default(''),
});

/**
 * A representative of the contract's firm submits the deliverable (again, after a rejection): each
 * submission is numbered and kept with its note and evidence references, for the client reviewer.
 */
export const submitDeliverable = defineCommand({
  input: submitDeliverableInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadDeliverableFor(tx, actor, data, 'vendor.deliver');
    const number = loaded.context.submissions + 1;
    const applied = applyDeliverableEvent(tx, loaded, {
      event: { type: 'SUBMIT', actor: loaded.party, at: at.toISOString(), note: data.note, evidence: data.evidence },
      actor,
      at,
      action: 'deliverable.submitted',
      detail: `${loaded.deliverable.key} submission ${number}${number > 1 ? ' (resubmitted)' : ''}: ${data.note}`,
    });
    const submission = tx
      .insert(deliverableSubmissions)
      .values({ deliverableId: loaded.deliverable.id, number, note: data.note, evidence: data.evidence, submittedBy: actor.id, submittedAt: at.toISOString() })
      .returning()
      .get();
    return { ...applied, submission };
  },
});
