import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '~/db/client';
import { type ExpectedLine, plans, requirements, testCaseRequirements, testCases, testCycles } from '~/db/schema';
import { emitAudit } from '../audit';
import { DomainError, invalid } from '../errors';
import { amount, checkbox, text } from '../input';
import { caseExecution } from '../machines/case-execution';
import { versionForCases } from '../plans/effective';
import type { Actor } from '../policy/roles';
import { inProject, requireProjectPermission, rolesOn } from '../project-access';
import { createInstance } from '../runtime';
import { checkDataset, datasetHash } from './engine-run';
import { parseExpectedCsv } from './expected';
import { nextCaseKey } from './keys';

/** A payout case the engine cannot run as given: every problem, by file and line. */
export class CaseRefused extends DomainError {
  constructor(problems: { file: string; line: number; message: string }[]) {
    super('invalid', `The test case was not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'} in its data.`, {}, problems);
  }
}

/** The largest CSV file a payout case or parallel run accepts, in bytes, per file (the pages say so). */
export const maxDatasetBytes = 2 * 1024 * 1024;
/** The most rows under its header a CSV file of a payout case or parallel run may have (the pages say so). */
export const maxDatasetRows = 50_000;
/** The limits of one file in words, for the pages and the refusals. */
export const datasetLimits = `at most 2 MB and ${maxDatasetRows.toLocaleString('en-US')} rows`;
/** The most bytes a form with a dataset's four files can need (the files and the fields around them). */
export const maxDatasetFormBytes = 4 * maxDatasetBytes + 64 * 1024;

/** Lines with something on them after the header line. */
function rowsUnderHeader(csv: string): number {
  let rows = 0;
  for (const line of csv.split(/\r\n|\n|\r/)) if (line.trim() !== '') rows++;
  return Math.max(rows - 1, 0);
}

/** One CSV file of a dataset, within `datasetLimits` (a file over them is refused before it is read further). */
export const csvFile = () => {
  const tooLarge = `This file is larger than the limit: ${datasetLimits} per file.`;
  return z
    .string()
    .max(maxDatasetBytes, { error: tooLarge, abort: true })
    .refine((csv) => Buffer.byteLength(csv, 'utf8') <= maxDatasetBytes, { error: tooLarge, abort: true })
    .refine((csv) => rowsUnderHeader(csv) <= maxDatasetRows, {
      error: `This file has more than ${maxDatasetRows.toLocaleString('en-US')} rows: ${datasetLimits} per file.`,
    });
};

/** The inputs the engine runs: a period and three CSV files. */
export const datasetFields = {
  period: z.string().trim().min(1, 'Give the period, e.g. 2026-Q1.').max(20),
  participantsCsv: csvFile(),
  quotasCsv: csvFile(),
  transactionsCsv: csvFile(),
};

/** What a tester writes for a payout case (create and edit share it). */
export const payoutCaseFields = {
  ...datasetFields,
  title: text({ max: 200, min: 3, message: 'Give the case a title.' }),
  tolerance: amount({ digits: 6, decimals: 6, message: 'Tolerance is a non-negative amount, e.g. 0 or 0.01.' }).default('0'),
  critical: checkbox(),
};

export type PayoutCaseData = {
  /** The project the case is made in (the URL's): a cycle of another project is not found. */
  projectId: number;
  cycleId: number;
  planId: number;
  title: string;
  period: string;
  participantsCsv: string;
  quotasCsv: string;
  transactionsCsv: string;
  /** Expected payouts as CSV, or already as lines (a worked example). */
  expectedCsv?: string;
  expected?: ExpectedLine[];
  tolerance: string;
  critical: boolean;
  requirementIds?: number[];
  /** Requirement keys as a tester types them ("REQ-001"); each must exist in the project. */
  requirementKeys?: string[];
  assigneeId?: number | null;
};

/** Checks a dataset and expectations against a plan document: the expected lines, or every problem. */
export function checkPayoutCase(
  planDocument: string,
  input: Pick<PayoutCaseData, 'period' | 'participantsCsv' | 'quotasCsv' | 'transactionsCsv' | 'expectedCsv' | 'expected'>,
) {
  const problems = checkDataset(planDocument, input);
  let expected = input.expected ?? [];
  if (input.expectedCsv !== undefined) {
    const parsed = parseExpectedCsv(input.expectedCsv);
    if (parsed.ok) expected = parsed.lines;
    else problems.push(...parsed.problems);
  }
  if (expected.length === 0 && problems.length === 0) problems.push({ file: 'expected', line: 0, message: 'no expected payout lines' });
  if (problems.length) throw new CaseRefused(problems);
  return expected;
}

/** One payout case, its execution instance and the requirements it verifies, audited (create and from-example share it). */
export function insertPayoutCase(tx: Tx, actor: Actor, at: Date, input: PayoutCaseData) {
  const cycle = inProject(tx.select().from(testCycles).where(eq(testCycles.id, input.cycleId)).get(), input.projectId, 'No such test cycle in this project.');
  requireProjectPermission(tx, actor, cycle.projectId, 'test.write');
  const plan = tx
    .select()
    .from(plans)
    .where(and(eq(plans.id, input.planId), eq(plans.projectId, cycle.projectId)))
    .get();
  const version = plan ? versionForCases(tx, plan) : null;
  if (!plan || !version) throw invalid('Check the highlighted fields.', { planId: 'Choose a plan of this project.' });
  const expected = checkPayoutCase(version.document, input);
  // A case waits on its assignee (My work): only someone who runs tests on this project can be one.
  if (input.assigneeId != null && !rolesOn(tx, input.assigneeId, cycle.projectId).includes('tester'))
    throw invalid('Check the highlighted fields.', { assigneeId: 'Assign the case to a tester of this project.' });

  const byId = input.requirementIds?.length
    ? tx
        .select()
        .from(requirements)
        .where(and(eq(requirements.projectId, cycle.projectId), inArray(requirements.id, input.requirementIds)))
        .all()
    : [];
  const byKey = input.requirementKeys?.length
    ? tx
        .select()
        .from(requirements)
        .where(and(eq(requirements.projectId, cycle.projectId), inArray(requirements.key, input.requirementKeys)))
        .all()
    : [];
  const unknown = (input.requirementKeys ?? []).filter((k) => !byKey.some((r) => r.key === k));
  if (unknown.length) throw invalid('Check the highlighted fields.', { verifies: `No such requirement in this project: ${unknown.join(', ')}.` });
  const linked = [...byId, ...byKey.filter((r) => !byId.some((b) => b.id === r.id))];
  const key = nextCaseKey(tx, cycle.projectId);
  const instance = createInstance(tx, caseExecution, { input: undefined, subjectType: 'test_case', subjectId: null, projectId: cycle.projectId, at });
  const row = tx
    .insert(testCases)
    .values({
      projectId: cycle.projectId,
      cycleId: cycle.id,
      key,
      title: input.title,
      kind: 'payout',
      critical: input.critical,
      steps: [],
      planId: plan.id,
      period: input.period,
      participantsCsv: input.participantsCsv,
      quotasCsv: input.quotasCsv,
      transactionsCsv: input.transactionsCsv,
      expected,
      tolerance: input.tolerance,
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
    subjectType: 'test_case',
    subjectId: key,
    after: {
      title: input.title,
      plan: plan.planKey,
      period: input.period,
      expected,
      tolerance: input.tolerance,
      critical: input.critical,
      requirements: linked.map((r) => r.key),
    },
  });
  return row;
}
