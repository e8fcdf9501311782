import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { milestones } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, isoDate } from '../input';
import { inProject, requireProjectPermission } from '../project-access';

/** The PM records a milestone as reached (today, or on the date given). */
export const completeMilestone = defineCommand({
  input: z.object({
    milestoneId: id(),
    /** The project of the URL the request came under: a milestone of another project is not found there. */
    projectId: id(),
    doneOn: z.preprocess((v) => (v === '' ? undefined : v), isoDate().optional()),
  }),
  handle: ({ tx, actor, at, day }, input) => {
    const doneOn = input.doneOn ?? day;
    const milestone = inProject(
      tx.select().from(milestones).where(eq(milestones.id, input.milestoneId)).get(),
      input.projectId,
      'No such milestone in this project.',
    );
    requireProjectPermission(tx, actor, milestone.projectId, 'project.manageMilestones');
    if (milestone.doneOn) throw invalid(`“${milestone.name}” was already reached on ${milestone.doneOn}.`);
    tx.update(milestones).set({ doneOn }).where(eq(milestones.id, milestone.id)).run();
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: milestone.projectId,
      action: 'milestone.reached',
      subjectType: 'milestone',
      subjectId: milestone.id,
      before: { doneOn: null },
      after: { doneOn },
      detail: milestone.name,
    });
  },
});
