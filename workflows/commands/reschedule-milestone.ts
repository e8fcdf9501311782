import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { milestones } from '~/db/schema';
import { daysBetween, moveMilestone } from '../changes/schedule';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, isoDate, text } from '../input';
import { inProject, requireProjectPermission } from '../project-access';

/**
 * The PM moves a milestone's due date. A move later needs a reason (a slip is explained, not
 * discovered); each move is recorded beside change requests' moves, against the baseline current
 * now, and audited with the dates before and after.
 */
export const rescheduleMilestone = defineCommand({
  input: z.object({
    milestoneId: id(),
    /** The project of the URL the request came under: a milestone of another project is not found there. */
    projectId: id(),
    dueDate: isoDate(),
    reason: text({ max: 500 }),
  }),
  handle: ({ tx, actor, at }, input) => {
    const milestone = inProject(
      tx.select().from(milestones).where(eq(milestones.id, input.milestoneId)).get(),
      input.projectId,
      'No such milestone in this project.',
    );
    requireProjectPermission(tx, actor, milestone.projectId, 'project.manageMilestones');
    if (milestone.doneOn) throw invalid(`“${milestone.name}” was reached on ${milestone.doneOn}: its date no longer moves.`, { dueDate: 'Already reached.' });
    if (Number.isNaN(Date.parse(`${input.dueDate}T00:00:00Z`))) throw invalid(`${input.dueDate} is not a real date.`, { dueDate: 'Enter a real date.' });
    const days = daysBetween(milestone.dueDate, input.dueDate);
    if (days === 0) throw invalid(`“${milestone.name}” is already due on ${milestone.dueDate}.`, { dueDate: `It is already due on ${milestone.dueDate}.` });
    if (days > 0 && input.reason.length < 5)
      throw invalid(`Nothing moved: say why “${milestone.name}” moves later (at least 5 characters); everyone on the project reads the slip.`, {
        reason: 'Say why it moves later (at least 5 characters).',
      });
    moveMilestone(tx, actor, at, milestone, input.dueDate, { reason: input.reason });
    return { days };
  },
});
