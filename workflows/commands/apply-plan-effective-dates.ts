import { z } from 'zod';
import { defineCommand } from '../command';
import { forbidden } from '../errors';
import { bringIntoEffect, plansDueToChange } from '../plans/effective';

/**
 * The daily sweep of effective dates (run at start and every hour by scripts/start.ts): every plan whose
 * published version applies from today or earlier is brought into effect, superseding the previous one.
 * Only the system runs it.
 */
export const applyPlanEffectiveDates = defineCommand({
  input: z.object({}),
  authorize: (actor) => {
    if (actor.id !== 0) throw forbidden('Only the portal itself applies effective dates.');
  },
  handle: ({ tx, actor, at }) => plansDueToChange(tx, at).filter((planId) => bringIntoEffect(tx, { planId, actor, at })).length,
});
