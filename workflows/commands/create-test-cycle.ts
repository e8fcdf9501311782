import { z } from 'zod';
import { testCycleKinds, testCycles } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { id, isoDate } from '../input';
import { requireProjectPermission } from '../project-access';

export const testCycleInput = z
  .object({
    projectId: id(),
    name: z.string().trim().min(3, 'Name the cycle.').max(120),
    kind: z.enum(testCycleKinds, 'Choose the kind of cycle.'),
    entryCriteria: z.string().trim().min(1, 'State when testing may start.').max(4000),
    exitCriteria: z.string().trim().min(1, 'State when the cycle is done.').max(4000),
    plannedStart: isoDate(),
    plannedEnd: isoDate(),
  })
  .refine((v) => v.plannedEnd >= v.plannedStart, { path: ['plannedEnd'], message: 'The end must not be before the start.' });

/** A tester or PM plans a test cycle (system test, UAT, parallel run). */
export const createTestCycle = defineCommand({
  input: testCycleInput,
  handle: ({ tx, actor, at }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'test.write');
    const cycle = tx
      .insert(testCycles)
      .values({ ...data, createdBy: actor.id, createdAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, { at, actor, projectId: cycle.projectId, action: 'test.cycle_created', subjectType: 'test_cycle', subjectId: cycle.id, after: data });
    return cycle;
  },
});
