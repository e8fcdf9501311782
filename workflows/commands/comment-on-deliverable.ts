import { z } from 'zod';
import { deliverableComments } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { forbidden } from '../errors';
import { text } from '../input';
import { deliverableRef, loadDeliverableFor, mayCommentOnDeliverable } from '../vendors/access';

export const commentOnDeliverableInput = z.object({
  ...deliverableRef,
  body: text({ max: 10_000, min: 1, message: 'Write a comment first.' }),
});

/**
 * Adds to a deliverable's discussion: its firm's representatives and the client side (its reviewer, the
 * PM, whoever reviews vendor work) talk where the submissions are, not in e-mail. A representative of
 * another firm does not find the deliverable at all. Comments are append-only: a correction is another one.
 */
export const commentOnDeliverable = defineCommand({
  input: commentOnDeliverableInput,
  handle: ({ tx, actor, at }, input) => {
    const { deliverable, roles } = loadDeliverableFor(tx, actor, input, 'vendor.view');
    if (!mayCommentOnDeliverable(actor, roles)) throw forbidden('Your role on this project does not let you comment on vendor deliverables.');
    const row = tx
      .insert(deliverableComments)
      .values({ deliverableId: deliverable.id, authorId: actor.id, body: input.body, at: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: deliverable.projectId,
      action: 'deliverable.commented',
      subjectType: 'deliverable',
      subjectId: deliverable.key,
      after: { commentId: row.id, body: input.body },
    });
    return row;
  },
});
