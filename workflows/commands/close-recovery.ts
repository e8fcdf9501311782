import { z } from 'zod';
import { defineCommand } from '../command';
import { id, optionalVersion, text } from '../input';
import { type Ratings, recoveryAreas, recoveryRatings } from '../machines/recovery';
import { applyRecoveryEvent, loadRecoveryFor } from '../recovery/access';

const finalRating = z.object({
  rating: z.enum(recoveryRatings, 'Rate it on track, at risk or in jeopardy.'),
  findings: text({ max: 4000, min: 10, message: 'State the findings (at least 10 characters).' }),
});

export const closeRecoveryInput = z.object({
  projectId: id(),
  expectedVersion: optionalVersion(),
  final: z.object(Object.fromEntries(recoveryAreas.map((a) => [a, finalRating])) as Record<(typeof recoveryAreas)[number], typeof finalRating>),
  summary: text({ max: 4000, min: 10, message: 'Summarise the outcome (at least 10 characters).' }),
});

/** The PM closes the recovery with a final assessment: every area rated again with its findings. */
export const closeRecovery = defineCommand({
  input: closeRecoveryInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRecoveryFor(tx, actor, data.projectId, 'recovery.write');
    const finalAreas = Object.fromEntries(recoveryAreas.map((a) => [a, { ...data.final[a], by: actor.id, at: at.toISOString() }])) as Ratings;
    return applyRecoveryEvent(tx, loaded, {
      event: { type: 'CLOSE', actor: loaded.party, at: at.toISOString(), finalAreas, summary: data.summary },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'recovery.closed',
      detail: 'Recovery closed with a final assessment of every area.',
    });
  },
});
