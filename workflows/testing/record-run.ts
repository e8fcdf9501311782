import { eq } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { plans, planVersions, requirements, testCaseRequirements, type testCases, testRuns } from '~/db/schema';
import { invalid } from '../errors';
import { caseExecution } from '../machines/case-execution';
import type { Actor } from '../policy/roles';
import { applyEvent } from '../runtime';
import { compareWithExpected, datasetHash, engineVersion, runEngine } from './engine-run';

/** The current version of each requirement a case verifies: a run records them. */
function verifiedVersions(tx: Tx, caseId: number) {
  return tx
    .select({ versionId: requirements.currentVersionId })
    .from(testCaseRequirements)
    .innerJoin(requirements, eq(requirements.id, testCaseRequirements.requirementId))
    .where(eq(testCaseRequirements.caseId, caseId))
    .all()
    .flatMap((r) => (r.versionId ? [r.versionId] : []));
}

/**
 * Runs a case and records the run (a step of "run a test case" and of "verify a defect"). A payout case
 * runs through the engine on the plan's current version and every expected line is compared; it passes
 * only if every line agrees within the tolerance, and a run that cannot calculate is blocked. A
 * functional case takes the tester's observed result. The run names the case, plan, engine and
 * requirement versions it checked, so coverage can tell when any of them moved on.
 */
export function recordRun(
  tx: Tx,
  opts: { testCase: typeof testCases.$inferSelect; actor: Actor; at: Date; observed?: { result: 'passed' | 'failed' | 'blocked' | undefined; note?: string } },
) {
  const c = opts.testCase;
  const requirementVersionIds = verifiedVersions(tx, c.id);
  let run: typeof testRuns.$inferInsert;
  const base = { caseId: c.id, caseVersion: c.version, engineVersion, runBy: opts.actor.id, at: opts.at.toISOString(), requirementVersionIds };
  if (c.kind === 'functional') {
    const result = opts.observed?.result;
    if (!result) throw invalid('Choose the result of the run.', { result: 'Choose passed, failed or blocked.' });
    run = { ...base, result, summary: opts.observed?.note || `Recorded ${result}.`, lines: [] };
  } else {
    const plan = tx.select().from(plans).where(eq(plans.id, c.planId!)).get()!;
    if (!plan.currentVersionId)
      throw invalid(`${plan.planKey} has no published version in effect yet, so ${c.key} has nothing to run against. Validate the draft from the plan's page.`);
    const version = tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get()!;
    run = { ...base, ...payoutRun(c, version) };
  }
  const row = tx.insert(testRuns).values(run).returning().get();
  applyEvent(tx, caseExecution, {
    instanceId: c.instanceId,
    event: { type: 'RECORD', result: row.result, runId: row.id },
    actor: opts.actor,
    at: opts.at,
    audit: { action: `test.run_${row.result}`, subjectType: 'test_case', subjectId: c.key, detail: row.summary.slice(0, 500) },
  });
  return row;
}

/**
 * A payout case run through the engine on one plan version and compared line by line: the columns of
 * its run row. Blocked when the engine cannot calculate; passed only if every expected line agrees
 * within the tolerance.
 */
function payoutRun(c: typeof testCases.$inferSelect, version: typeof planVersions.$inferSelect) {
  const dataset = { period: c.period!, participantsCsv: c.participantsCsv!, quotasCsv: c.quotasCsv!, transactionsCsv: c.transactionsCsv! };
  const outcome = runEngine(version.document, dataset);
  const common = { planVersionId: version.id, datasetHash: datasetHash(dataset) };
  if (!outcome.ok)
    return {
      ...common,
      result: 'blocked' as const,
      summary: `The engine could not calculate: ${outcome.problems.map((p) => `${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.message}`).join('; ')}`,
      lines: [],
    };
  const compared = compareWithExpected(outcome.lines, c.expected, c.tolerance);
  const failing = compared.lines.filter((l) => !l.ok);
  return {
    ...common,
    result: compared.passed ? ('passed' as const) : ('failed' as const),
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

/**
 * A validation run (a step of "validate a plan version"): the payout case run on a version that is not
 * in effect (a draft). The run is kept against that version, but the case's execution status is not
 * touched, and coverage does not read it until that version comes into effect
 * (workflows/testing/coverage.ts): a draft never changes how a case stands against the version in effect.
 */
export function recordValidationRun(
  tx: Tx,
  opts: { testCase: typeof testCases.$inferSelect; version: typeof planVersions.$inferSelect; actor: Actor; at: Date },
) {
  const c = opts.testCase;
  const requirementVersionIds = verifiedVersions(tx, c.id);
  return tx
    .insert(testRuns)
    .values({
      caseId: c.id,
      caseVersion: c.version,
      engineVersion,
      runBy: opts.actor.id,
      at: opts.at.toISOString(),
      requirementVersionIds,
      ...payoutRun(c, opts.version),
    })
    .returning()
    .get();
}
