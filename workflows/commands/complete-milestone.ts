import { eq } from 'drizzle-orm';
import { milestones } from '~/db/schema';
import { emitAudit } from '../audit';
import { isoDay, nowOf } from '../clock';
import { invalid, notFound } from '../errors';
import { requireProjectPermission } from '../project-access';
import { type CommandContext, immediate } from './context';

/** The PM records a milestone as reached (today, or on the date given). */
export function completeMilestone(ctx: CommandContext, input: { milestoneId: number; doneOn?: string }) {
  const at = nowOf(ctx.now);
  const doneOn = input.doneOn ?? isoDay(at);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(doneOn)) throw invalid('Enter the date as YYYY-MM-DD.', { doneOn: 'Enter the date as YYYY-MM-DD.' });
  return ctx.db.transaction((tx) => {
    const milestone = tx.select().from(milestones).where(eq(milestones.id, input.milestoneId)).get();
    if (!milestone) throw notFound('No such milestone.');
    requireProjectPermission(tx, ctx.actor, milestone.projectId, 'project.manageMilestones');
    if (milestone.doneOn) throw invalid(`“${milestone.name}” was already reached on ${milestone.doneOn}.`);
    tx.update(milestones).set({ doneOn }).where(eq(milestones.id, milestone.id)).run();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: milestone.projectId,
      action: 'milestone.reached',
      subjectType: 'milestone',
      subjectId: milestone.id,
      before: { doneOn: null },
      after: { doneOn },
      detail: milestone.name,
    });
  }, immediate);
}
