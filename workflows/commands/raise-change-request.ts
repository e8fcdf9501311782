import { z } from 'zod';
import { raiseChange } from '../changes/raise';
import { defineCommand } from '../command';
import { id, text } from '../input';

export const raiseChangeRequestInput = z.object({
  projectId: id(),
  title: text({ max: 200, min: 5, message: 'Give the change a title (at least 5 characters).' }),
  description: text({ max: 4000, min: 10, message: 'Describe the change and why it is needed (at least 10 characters).' }),
  deciderId: id('Choose who decides it: the sponsor or a stakeholder.'),
});

/**
 * Anyone who may raise a change names what changes, why, and who decides it: a stakeholder of the
 * project (the sponsor or another), never themselves. It starts raised, waiting for its impact.
 */
export const raiseChangeRequest = defineCommand({
  input: raiseChangeRequestInput,
  handle: (step, data) => raiseChange(step, data),
});
