import { z } from 'zod';
import { defineCommand } from '../command';
import { applyPlanEvent, loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';

export const withdrawPlanVersionInput = z.object(planVersionRef);

/** An author takes the version back from validation or approval: a draft again; signatures given so far no longer count. */
export const withdrawPlanVersion = defineCommand({
  input: withdrawPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    const loaded = loadPlanVersionFor(tx, actor, input, 'plan.write');
    return applyPlanEvent(tx, loaded, {
      event: { type: 'WITHDRAW', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString() },
      actor,
      at,
      action: 'plan.withdrawn',
      detail: `${versionName(loaded)} withdrawn by its author; it is a draft again.`,
    });
  },
});
