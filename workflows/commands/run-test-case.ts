import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { plans, planVersions, testCases, testResults, testRuns } from '~/db/schema';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, text } from '../input';
import { caseExecution } from '../machines/case-execution';
import { inProject, requireProjectPermission } from '../project-access';
import { applyEvent } from '../runtime';
import { compareWithExpected, datasetHash, engineVersion, runEngine } from '../testing/engine-run';

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
 * line. The run is recorded with the case, plan and engine versions and the dataset hash; it passes
 * only if every line agrees within the tolerance. A run that cannot calculate is blocked.
 * Functional cases take the tester's recorded result instead.
 */
export const runTestCase = defineCommand({
  input: runTestCaseInput,
  handle: ({ tx, actor, at }, input) => {
    const c = inProject(tx.select().from(testCases).where(eq(testCases.id, input.caseId)).get(), input.projectId, 'No such test case in this project.');
    requireProjectPermission(tx, actor, c.projectId, 'test.run');

    let run: typeof testRuns.$inferInsert;
    const base = { caseId: c.id, caseVersion: c.version, engineVersion, runBy: actor.id, at: at.toISOString() };
    if (c.kind === 'functional') {
      if (!input.result) throw invalid('Choose the result of the run.', { result: 'Choose passed, failed or blocked.' });
      run = { ...base, result: input.result, summary: input.note || `Recorded ${input.result}.`, lines: [] };
    } else {
      const plan = tx.select().from(plans).where(eq(plans.id, c.planId!)).get()!;
      const version = tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId!)).get()!;
      const dataset = { period: c.period!, participantsCsv: c.participantsCsv!, quotasCsv: c.quotasCsv!, transactionsCsv: c.transactionsCsv! };
      const outcome = runEngine(version.document, dataset);
      const common = { ...base, planVersionId: version.id, datasetHash: datasetHash(dataset) };
      if (!outcome.ok) {
        run = {
          ...common,
          result: 'blocked',
          summary: `The engine could not calculate: ${outcome.problems.map((p) => `${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.message}`).join('; ')}`,
          lines: [],
        };
      } else {
        const compared = compareWithExpected(outcome.lines, c.expected, c.tolerance);
        const failing = compared.lines.filter((l) => !l.ok);
        run = {
          ...common,
          result: compared.passed ? 'passed' : 'failed',
          summary: compared.passed
            ? `All ${compared.lines.length} expected lines agree within ${c.tolerance}.`
            : `${failing.length} of ${compared.lines.length} lines differ: ${failing
                .slice(0, 3)
                .map((l) => `${l.participantId} ${l.componentId} expected ${l.expected}, engine ${l.actual ?? 'no line'}`)
                .join('; ')}${failing.length > 3 ? '; …' : ''}`,
          lines: compared.lines,
          resultHash: outcome.resultHash,
        };
      }
    }
    const row = tx.insert(testRuns).values(run).returning().get();
    applyEvent(tx, caseExecution, {
      instanceId: c.instanceId,
      event: { type: 'RECORD', result: row.result, runId: row.id },
      actor: actor,
      at,
      audit: { action: `test.run_${row.result}`, subjectType: 'test_case', subjectId: c.key, detail: row.summary.slice(0, 500) },
    });
    return row;
  },
});
