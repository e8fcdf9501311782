import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { testCases, testResults } from '~/db/schema';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { inProject, requireProjectPermission } from '../project-access';
import { recordRun } from '../testing/record-run';

export const runTestCaseInput = z.object({
  caseId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  /** A functional case's result as the tester observed it; a payout case's comes from the engine. */
  result: z.preprocess((v) => (v === '' ? undefined : v), z.enum(testResults, 'Choose passed, failed or blocked.').optional()),
  note: text({ max: 2000 }).optional(),
});

/**
 * Runs a payout case through the engine on the plan's current version and compares every expected
 * line (or records a functional case's observed result): see `recordRun`.
 */
export const runTestCase = defineCommand({
  input: runTestCaseInput,
  handle: ({ tx, actor, at }, input) => {
    const c = inProject(tx.select().from(testCases).where(eq(testCases.id, input.caseId)).get(), input.projectId, 'No such test case in this project.');
    requireProjectPermission(tx, actor, c.projectId, 'test.run');
    return recordRun(tx, { testCase: c, actor, at, observed: { result: input.result, note: input.note } });
  },
});
