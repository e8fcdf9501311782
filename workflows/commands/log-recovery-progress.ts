import { z } from 'zod';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, isoDate, optionalVersion, text } from '../input';
import { applyRecoveryEvent, loadRecoveryFor } from '../recovery/access';
import { progressAgainstPlan, weekOf } from '../recovery/turnaround';

export const logRecoveryProgressInput = z.object({
  projectId: id(),
  expectedVersion: optionalVersion(),
  /** Any day of the week; the entry is for the week's Monday. Empty: this week. */
  week: z.preprocess((v) => (v === '' ? undefined : v), isoDate().optional()),
  note: text({ max: 4000, min: 10, message: 'Say what moved this week (at least 10 characters).' }),
});

/**
 * The PM logs a week's progress against the accepted corrective plan: the milestones met and slipped
 * are read from the schedule against the plan's baseline (not typed), and kept with the note.
 */
export const logRecoveryProgress = defineCommand({
  input: logRecoveryProgressInput,
  handle: ({ tx, actor, at, day }, data) => {
    const loaded = loadRecoveryFor(tx, actor, data.projectId, 'recovery.write');
    const week = weekOf(data.week ?? day);
    if (week > weekOf(day)) throw invalid('Check the highlighted fields.', { week: 'Log progress for this week or an earlier one.' });
    const baselineId = loaded.context.plan?.baselineId;
    const progress = baselineId ? progressAgainstPlan(tx, data.projectId, baselineId, day) : { met: 0, slipped: 0, due: 0 };
    return applyRecoveryEvent(tx, loaded, {
      event: {
        type: 'LOG_PROGRESS',
        actor: loaded.party,
        at: at.toISOString(),
        week,
        note: data.note,
        met: progress.met,
        slipped: progress.slipped,
        due: progress.due,
      },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'recovery.progress_logged',
      detail: `Week of ${week}: ${progress.met} milestone(s) met, ${progress.slipped} slipped against the corrective plan.`,
    });
  },
});
