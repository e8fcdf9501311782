import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { defectComments, defects } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { inProject, requireProjectPermission } from '../project-access';

export const commentOnDefectInput = z.object({
  defectId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  body: text({ max: 10_000, min: 1, message: 'Write a comment first.' }),
});

/** Adds to a defect's discussion. Comments are append-only: a correction is another comment. */
export const commentOnDefect = defineCommand({
  input: commentOnDefectInput,
  handle: ({ tx, actor, at }, data) => {
    const defect = inProject(tx.select().from(defects).where(eq(defects.id, data.defectId)).get(), data.projectId, 'No such defect in this project.');
    requireProjectPermission(tx, actor, defect.projectId, 'defect.comment');
    const row = tx.insert(defectComments).values({ defectId: defect.id, authorId: actor.id, body: data.body, at: at.toISOString() }).returning().get();
    emitAudit(tx, {
      at,
      actor,
      projectId: defect.projectId,
      action: 'defect.commented',
      subjectType: 'defect',
      subjectId: defect.key,
      after: { commentId: row.id, body: data.body },
    });
    return row;
  },
});
