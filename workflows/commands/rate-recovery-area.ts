import { z } from 'zod';
import { defineCommand } from '../command';
import { id, optionalVersion, text } from '../input';
import { recoveryAreaLabels, recoveryAreas, recoveryRatingLabels, recoveryRatings } from '../machines/recovery';
import { applyRecoveryEvent, loadRecoveryFor } from '../recovery/access';

export const rateRecoveryAreaInput = z.object({
  projectId: id(),
  expectedVersion: optionalVersion(),
  area: z.enum(recoveryAreas, 'Choose an area of the assessment.'),
  rating: z.enum(recoveryRatings, 'Rate it on track, at risk or in jeopardy.'),
  findings: text({ max: 4000, min: 10, message: 'State the findings (at least 10 characters).' }),
});

/** The PM rates one area of the assessment with its findings (again, while assessing: the later rating counts). */
export const rateRecoveryArea = defineCommand({
  input: rateRecoveryAreaInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRecoveryFor(tx, actor, data.projectId, 'recovery.write');
    return applyRecoveryEvent(tx, loaded, {
      event: { type: 'RATE', actor: loaded.party, at: at.toISOString(), area: data.area, rating: data.rating, findings: data.findings },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'recovery.area_rated',
      detail: `${recoveryAreaLabels[data.area]} rated ${recoveryRatingLabels[data.rating].toLowerCase()}.`,
    });
  },
});
