import { z } from 'zod';
import { ragColours, statusOverrides } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, text } from '../input';
import { requireProjectPermission } from '../project-access';
import { currentOverride, projectStatus } from '../status/view';

export const overrideStatusInput = z.object({
  projectId: id(),
  /** A colour, or empty to go back to the computed one. */
  colour: z.preprocess((v) => (v === '' ? null : v), z.enum(ragColours, 'Choose green, amber or red, or none to use the computed colour.').nullable()),
  reason: text({ max: 1000, min: 10, message: 'Say why (at least 10 characters): the steering committee reads it beside the computed colour.' }),
});

/**
 * The PM sets a colour other than the computed one, with a reason, or clears it. Both colours stay on
 * the page; the override is audited with the colour before and after and the computed colour then.
 */
export const overrideStatus = defineCommand({
  input: overrideStatusInput,
  handle: ({ tx, actor, at, day }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'status.override');
    const computed = projectStatus(tx, data.projectId, day).colour;
    const previous = currentOverride(tx, data.projectId);
    if (data.colour === computed)
      throw invalid('Check the highlighted fields.', { colour: `The computed colour is already ${computed}: no override is needed.` });
    if (data.colour === null && !previous) throw invalid('Check the highlighted fields.', { colour: 'There is no override to clear.' });
    const row = tx
      .insert(statusOverrides)
      .values({ projectId: data.projectId, colour: data.colour, reason: data.reason, computedColour: computed, setBy: actor.id, setAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: data.colour ? 'status.overridden' : 'status.override_cleared',
      subjectType: 'project',
      subjectId: data.projectId,
      before: { colour: previous?.colour ?? computed, overridden: !!previous },
      after: { colour: data.colour ?? computed, overridden: !!data.colour, computed },
      detail: data.reason,
    });
    return row;
  },
});
