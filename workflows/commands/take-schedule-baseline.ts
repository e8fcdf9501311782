import { z } from 'zod';
import { takeBaseline } from '../changes/schedule';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { requireProjectPermission } from '../project-access';

export const takeScheduleBaselineInput = z.object({
  projectId: id(),
  note: text({ max: 500, min: 3, message: 'Say what this baseline marks (at least 3 characters), e.g. "Contract signed".' }),
});

/** The PM freezes the phases' and milestones' dates as the project's next schedule baseline. */
export const takeScheduleBaseline = defineCommand({
  input: takeScheduleBaselineInput,
  handle: ({ tx, actor, at }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'schedule.baseline');
    return takeBaseline(tx, actor, at, data.projectId, data.note);
  },
});
