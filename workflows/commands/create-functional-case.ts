import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { testCases, testCycles } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { checkbox, id, text } from '../input';
import { caseExecution } from '../machines/case-execution';
import { inProject, requireProjectPermission } from '../project-access';
import { createInstance } from '../runtime';
import { nextCaseKey } from '../testing/keys';

/** Steps are written one per line as "action => expected result". */
const stepsText = z
  .string()
  .max(20_000, 'Keep the steps under 20,000 characters.')
  .transform((v) =>
    v
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [action, expected] = l.split('=>').map((s) => s.trim());
        return { action: action ?? '', expected: expected ?? '' };
      }),
  )
  .pipe(
    z
      .array(z.object({ action: z.string(), expected: z.string() }))
      .min(1, 'Write at least one step.')
      .max(200)
      .refine((steps) => steps.every((s) => s.action && s.expected), 'Write each step as "action => expected result".'),
  );

export const functionalCaseInput = z.object({
  cycleId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  title: text({ max: 200, min: 3, message: 'Give the case a title.' }),
  steps: stepsText,
  critical: checkbox(),
});

/** A functional case: steps, each with its expected result. The tester records its result by hand. */
export const createFunctionalCase = defineCommand({
  input: functionalCaseInput,
  handle: ({ tx, actor, at }, input) => {
    const cycle = inProject(tx.select().from(testCycles).where(eq(testCycles.id, input.cycleId)).get(), input.projectId, 'No such test cycle in this project.');
    requireProjectPermission(tx, actor, cycle.projectId, 'test.write');
    const key = nextCaseKey(tx, cycle.projectId);
    const instance = createInstance(tx, caseExecution, { input: undefined, subjectType: 'test_case', subjectId: null, projectId: cycle.projectId, at });
    const { title, steps, critical } = input;
    const row = tx
      .insert(testCases)
      .values({
        projectId: cycle.projectId,
        cycleId: cycle.id,
        key,
        title,
        kind: 'functional',
        critical,
        steps,
        expected: [],
        instanceId: instance.id,
        createdBy: actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: cycle.projectId,
      action: 'test.case_created',
      subjectType: 'test_case',
      subjectId: key,
      after: { title, kind: 'functional', steps },
    });
    return row;
  },
});
