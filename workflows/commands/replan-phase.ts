import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { phases } from '~/db/schema';
import { emitAudit } from '../audit';
import { daysBetween } from '../changes/schedule';
import { defineCommand } from '../command';
import { conflict, invalid } from '../errors';
import { id, isoDate, text } from '../input';
import { inProject, requireProjectPermission } from '../project-access';

/**
 * The PM changes a phase's planned dates. Like a milestone's move, a date moved later needs a reason
 * (everyone reads the slip against the schedule baseline); the form sends the dates it showed, so two
 * people re-planning at once do not overwrite each other. Audited with the dates before and after.
 */
export const replanPhase = defineCommand({
  input: z.object({
    phaseId: id(),
    /** The project of the URL the request came under: a phase of another project is not found there. */
    projectId: id(),
    plannedStart: isoDate(),
    plannedEnd: isoDate(),
    /** The dates the form showed. */
    shownStart: isoDate(),
    shownEnd: isoDate(),
    reason: text({ max: 500 }),
  }),
  handle: ({ tx, actor, at }, input) => {
    const phase = inProject(tx.select().from(phases).where(eq(phases.id, input.phaseId)).get(), input.projectId, 'No such phase in this project.');
    requireProjectPermission(tx, actor, phase.projectId, 'project.manageMilestones');
    if (phase.plannedStart !== input.shownStart || phase.plannedEnd !== input.shownEnd)
      throw conflict(
        `Nothing changed: “${phase.name}” was re-planned meanwhile to ${phase.plannedStart} → ${phase.plannedEnd}. Reload the page to see it, then change it again.`,
      );
    if (phase.actualEnd) throw invalid(`“${phase.name}” closed on ${phase.actualEnd}: its plan no longer moves.`, { plannedEnd: 'The phase is closed.' });
    for (const [field, value] of [
      ['plannedStart', input.plannedStart],
      ['plannedEnd', input.plannedEnd],
    ] as const)
      if (Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw invalid(`${value} is not a real date.`, { [field]: 'Enter a real date.' });
    if (input.plannedEnd < input.plannedStart)
      throw invalid('The phase would end before it starts.', { plannedEnd: `End on or after the start (${input.plannedStart}).` });
    const startDays = daysBetween(phase.plannedStart, input.plannedStart);
    const endDays = daysBetween(phase.plannedEnd, input.plannedEnd);
    if (startDays === 0 && endDays === 0)
      throw invalid(`“${phase.name}” is already planned ${phase.plannedStart} → ${phase.plannedEnd}.`, { plannedEnd: 'Nothing to change.' });
    if ((startDays > 0 || endDays > 0) && input.reason.length < 5)
      throw invalid(`Nothing moved: say why “${phase.name}” moves later (at least 5 characters); everyone on the project reads the slip.`, {
        reason: 'Say why it moves later (at least 5 characters).',
      });
    tx.update(phases).set({ plannedStart: input.plannedStart, plannedEnd: input.plannedEnd }).where(eq(phases.id, phase.id)).run();
    const shift = (days: number) => (days === 0 ? 'unchanged' : `${days > 0 ? 'later' : 'earlier'} by ${Math.abs(days)} day(s)`);
    emitAudit(tx, {
      at,
      actor,
      projectId: phase.projectId,
      action: 'phase.replanned',
      subjectType: 'phase',
      subjectId: phase.id,
      before: { plannedStart: phase.plannedStart, plannedEnd: phase.plannedEnd },
      after: { plannedStart: input.plannedStart, plannedEnd: input.plannedEnd, reason: input.reason },
      detail: `${phase.name} re-planned: start ${shift(startDays)}, end ${shift(endDays)}${input.reason ? `: ${input.reason}` : ''}.`,
    });
    return { startDays, endDays };
  },
});
