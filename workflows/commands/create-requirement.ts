import { z } from 'zod';
import { defineCommand } from '../command';
import { id, list } from '../input';
import { requireProjectPermission } from '../project-access';
import { requirementContentSchema } from '../requirements/content';
import { insertRequirement } from '../requirements/insert';

export const createRequirementInput = requirementContentSchema.extend({
  projectId: id(),
  linkKeys: list(z.string().trim().toUpperCase().max(20)).default([]),
});
export type CreateRequirementInput = z.input<typeof createRequirementInput>;

/** An analyst or PM writes a new requirement: version 1, in draft, with the next free key. */
export const createRequirement = defineCommand({
  input: createRequirementInput,
  handle: ({ tx, actor, at }, { projectId, linkKeys, ...content }) => {
    requireProjectPermission(tx, actor, projectId, 'requirement.write');
    return insertRequirement(tx, { actor, at, projectId, content, linkKeys });
  },
});
