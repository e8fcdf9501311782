import { z } from 'zod';
import { requirementComments } from '~/db/schema';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';

export const requestRequirementChangesInput = z.object({ requirementId: id(), comment: text({ max: 10_000 }) });

/** A signer sends the version back to its author with a comment (also added to the discussion). */
export const requestRequirementChanges = defineCommand({
  input: requestRequirementChangesInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRequirementFor(tx, actor, data.requirementId, 'requirement.sign');
    const applied = applySignoffEvent(tx, loaded, {
      event: { type: 'REQUEST_CHANGES', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString(), comment: data.comment },
      actor,
      at,
      action: 'requirement.changes_requested',
      detail: `Changes requested: ${data.comment}`,
    });
    tx.insert(requirementComments)
      .values({
        requirementId: loaded.requirement.id,
        versionNumber: loaded.version.number,
        authorId: actor.id,
        body: `Changes requested: ${data.comment}`,
        createdAt: at.toISOString(),
      })
      .run();
    return applied;
  },
});
