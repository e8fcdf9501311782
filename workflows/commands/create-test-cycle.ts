import { z } from 'zod';
import { testCycleKinds, testCycles } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { requireProjectPermission } from '../project-access';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.');
export const testCycleInput = z
  .object({
    projectId: z.coerce.number().int().positive(),
    name: z.string().trim().min(3, 'Name the cycle.').max(120),
    kind: z.enum(testCycleKinds, 'Choose the kind of cycle.'),
    entryCriteria: z.string().trim().min(1, 'State when testing may start.').max(4000),
    exitCriteria: z.string().trim().min(1, 'State when the cycle is done.').max(4000),
    plannedStart: day,
    plannedEnd: day,
  })
  .refine((v) => v.plannedEnd >= v.plannedStart, { path: ['plannedEnd'], message: 'The end must not be before the start.' });

/** A tester or PM plans a test cycle (system test, UAT, parallel run). */
export function createTestCycle(ctx: CommandContext, input: z.input<typeof testCycleInput>) {
  const parsed = testCycleInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    requireProjectPermission(tx, ctx.actor, parsed.data.projectId, 'test.write');
    const cycle = tx.insert(testCycles).values({ ...parsed.data, createdBy: ctx.actor.id, createdAt: at.toISOString() }).returning().get();
    emitAudit(tx, { at, actor: ctx.actor, projectId: cycle.projectId, action: 'test.cycle_created', subjectType: 'test cycle', subjectId: cycle.id, after: parsed.data });
    return cycle;
  }, immediate);
}
