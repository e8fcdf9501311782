import { z } from 'zod';
import { requirementComments } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { loadRequirementFor } from '../requirements/load';

export const commentInput = z.object({
  requirementId: id(),
  body: text({ max: 10_000, min: 1, message: 'Write a comment first.' }),
});

/** Adds to a requirement's discussion. Comments are append-only: a correction is another comment. */
export const commentOnRequirement = defineCommand({
  input: commentInput,
  handle: ({ tx, actor, at }, data) => {
    const { requirement, version } = loadRequirementFor(tx, actor, data.requirementId, 'requirement.comment');
    const row = tx
      .insert(requirementComments)
      .values({ requirementId: requirement.id, versionNumber: version.number, authorId: actor.id, body: data.body, createdAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: requirement.projectId,
      action: 'requirement.commented',
      subjectType: 'requirement',
      subjectId: requirement.key,
      after: { commentId: row.id, body: data.body },
    });
    return row;
  },
});
