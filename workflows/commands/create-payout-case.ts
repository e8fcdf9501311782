import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { type ExpectedLine, planVersions, plans, requirements, testCaseRequirements, testCases, testCycles } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { DomainError, invalid, notFound } from '../errors';
import { caseExecution } from '../machines/case-execution';
import type { Actor } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { checkDataset, datasetHash, type PayoutDataset } from '../testing/engine-run';
import { parseExpectedCsv } from '../testing/expected';
import { createInstance } from '../runtime';
import { type CommandContext, immediate } from './context';

/** A payout case the engine cannot run as given: every problem, by file and line. */
export class CaseRefused extends DomainError {
  constructor(problems: { file: string; line: number; message: string }[]) {
    super('invalid', `The test case was not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'} in its data.`, {}, problems);
  }
}

export type PayoutCaseInput = PayoutDataset & {
  cycleId: number;
  title: string;
  planId: number;
  expectedCsv?: string;
  expected?: ExpectedLine[];
  tolerance?: string;
  critical?: boolean;
  requirementIds?: number[];
  /** Requirement keys as a tester types them ("REQ-001"); each must exist in the project. */
  requirementKeys?: string[];
  assigneeId?: number | null;
};

/** A tester writes a payout case: a dataset the engine can run with the plan, and expected payouts. */
export function createPayoutCase(ctx: CommandContext, input: PayoutCaseInput) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => insertPayoutCase(tx, ctx.actor, at, input), immediate);
}

export function insertPayoutCase(tx: Tx, actor: Actor, at: Date, input: PayoutCaseInput) {
  const cycle = tx.select().from(testCycles).where(eq(testCycles.id, input.cycleId)).get();
  if (!cycle) throw notFound('No such test cycle.');
  requireProjectPermission(tx, actor, cycle.projectId, 'test.write');
  const title = input.title.trim();
  if (title.length < 3) throw invalid('Check the highlighted fields.', { title: 'Give the case a title.' });
  const tolerance = (input.tolerance ?? '0').trim() || '0';
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(tolerance)) throw invalid('Check the highlighted fields.', { tolerance: 'Tolerance is a non-negative amount, e.g. 0 or 0.01.' });
  const plan = tx.select().from(plans).where(and(eq(plans.id, input.planId), eq(plans.projectId, cycle.projectId))).get();
  if (!plan?.currentVersionId) throw invalid('Check the highlighted fields.', { planId: 'Choose a plan of this project.' });
  const version = tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get()!;

  const problems = checkDataset(version.document, input);
  let expected = input.expected ?? [];
  if (input.expectedCsv !== undefined) {
    const parsed = parseExpectedCsv(input.expectedCsv);
    if (parsed.ok) expected = parsed.lines;
    else problems.push(...parsed.problems);
  }
  if (expected.length === 0 && problems.length === 0) problems.push({ file: 'expected', line: 0, message: 'no expected payout lines' });
  if (problems.length) throw new CaseRefused(problems);

  const byId = input.requirementIds?.length
    ? tx.select().from(requirements).where(and(eq(requirements.projectId, cycle.projectId), inArray(requirements.id, input.requirementIds))).all()
    : [];
  const byKey = input.requirementKeys?.length
    ? tx.select().from(requirements).where(and(eq(requirements.projectId, cycle.projectId), inArray(requirements.key, input.requirementKeys))).all()
    : [];
  const unknown = (input.requirementKeys ?? []).filter((k) => !byKey.some((r) => r.key === k));
  if (unknown.length) throw invalid('Check the highlighted fields.', { verifies: `No such requirement in this project: ${unknown.join(', ')}.` });
  const linked = [...byId, ...byKey.filter((r) => !byId.some((b) => b.id === r.id))];
  const number = tx.select({ id: testCases.id }).from(testCases).where(eq(testCases.projectId, cycle.projectId)).all().length + 1;
  const key = `TC-${String(number).padStart(3, '0')}`;
  const instance = createInstance(tx, caseExecution, { input: undefined, subjectType: 'test case', subjectId: null, projectId: cycle.projectId, at });
  const row = tx
    .insert(testCases)
    .values({
      projectId: cycle.projectId,
      cycleId: cycle.id,
      key,
      title,
      kind: 'payout',
      critical: !!input.critical,
      steps: [],
      planId: plan.id,
      period: input.period,
      participantsCsv: input.participantsCsv,
      quotasCsv: input.quotasCsv,
      transactionsCsv: input.transactionsCsv,
      expected,
      tolerance,
      datasetHash: datasetHash(input),
      assigneeId: input.assigneeId ?? null,
      instanceId: instance.id,
      createdBy: actor.id,
      createdAt: at.toISOString(),
    })
    .returning()
    .get();
  for (const r of linked) tx.insert(testCaseRequirements).values({ caseId: row.id, requirementId: r.id }).run();
  emitAudit(tx, {
    at,
    actor,
    projectId: cycle.projectId,
    action: 'test.case_created',
    subjectType: 'test case',
    subjectId: key,
    after: { title, plan: plan.planKey, period: input.period, expected, tolerance, critical: !!input.critical, requirements: linked.map((r) => r.key) },
  });
  return row;
}
