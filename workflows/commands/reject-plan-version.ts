import { z } from 'zod';
import { defineCommand } from '../command';
import { text } from '../input';
import { applyPlanEvent, loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';

export const rejectPlanVersionInput = z.object({
  ...planVersionRef,
  reason: text({ max: 2000, min: 5, message: 'Say why the version is rejected (at least 5 characters).' }),
});

/** An approver of the group whose turn it is rejects the version: it returns to draft for everyone, with the reason, to its authors. */
export const rejectPlanVersion = defineCommand({
  input: rejectPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    const loaded = loadPlanVersionFor(tx, actor, input, 'plan.sign');
    return applyPlanEvent(tx, loaded, {
      event: { type: 'REJECT', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString(), reason: input.reason },
      actor,
      at,
      action: 'plan.rejected',
      detail: `${versionName(loaded)} rejected in group ${loaded.context.group + 1}: ${input.reason}`,
    });
  },
});
