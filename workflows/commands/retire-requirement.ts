import { z } from 'zod';
import { defineCommand } from '../command';
import { id } from '../input';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';

/** The author or the PM retires a requirement that no longer applies; its history stays. */
export const retireRequirement = defineCommand({
  input: z.object({ requirementId: id() }),
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRequirementFor(tx, actor, data.requirementId, 'requirement.write');
    return applySignoffEvent(tx, loaded, {
      event: { type: 'RETIRE', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString() },
      actor,
      at,
      action: 'requirement.retired',
      detail: `${loaded.requirement.key} retired.`,
    });
  },
});
