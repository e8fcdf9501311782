import { z } from 'zod';
import { defineCommand } from '../command';
import { id } from '../input';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';

/** The author takes a version back out of review (signatures so far are dropped with the review). */
export const withdrawRequirement = defineCommand({
  input: z.object({ requirementId: id() }),
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRequirementFor(tx, actor, data.requirementId, 'requirement.write');
    return applySignoffEvent(tx, loaded, {
      event: { type: 'WITHDRAW', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString() },
      actor,
      at,
      action: 'requirement.withdrawn',
      detail: `${loaded.requirement.key} v${loaded.version.number} withdrawn from review.`,
    });
  },
});
