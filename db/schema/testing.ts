import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { day, id, instant, json, oneOf } from './columns';
import { users } from './people';
import { projects } from './projects';
import { requirements } from './requirements';
import { workflowInstances } from './workflows';

/** One group of a plan's approval route: its people sign in parallel, each with the meaning named here. */
export type ApprovalGroup = { approvers: { userId: number; meaning: string }[] };

/** A compensation plan of a project; its content lives in versions (engine plan documents). */
export const plans = sqliteTable(
  'plans',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** The engine plan id (participants' plan_id). */
    planKey: text('plan_key').notNull(),
    name: text('name').notNull(),
    /**
     * The version in effect today: the published version whose effective date has come (until then the
     * previous published one). Kept by workflows/plans/effective.ts, the one answer to "which version is
     * in effect on a date"; payout cases, parallel runs and coverage read it.
     */
    currentVersionId: integer('current_version_id'),
    /** Who approves a new version, in order (workflows/plans/route.ts); set by the PM, copied into a version when it is submitted. */
    approvalRoute: json('approval_route').$type<ApprovalGroup[]>(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('plan_key_per_project').on(t.projectId, t.planKey)],
);

export const planVersions = sqliteTable(
  'plan_versions',
  {
    id: id(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    number: integer('number').notNull(),
    /** The plan JSON exactly as uploaded and validated. */
    document: text('document').notNull(),
    documentHash: text('document_hash').notNull(),
    note: text('note').notNull().default(''),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
    supersededAt: instant('superseded_at'),
    /** The day a published version applies from (YYYY-MM-DD); null until it is published. */
    effectiveFrom: day('effective_from'),
    /** Its approval (the planApproval machine); null for versions uploaded before approvals existed. */
    instanceId: integer('instance_id').references(() => workflowInstances.id),
  },
  (t) => [uniqueIndex('plan_version_number').on(t.planId, t.number)],
);

export const testCycleKinds = ['system test', 'UAT', 'parallel run'] as const;

export const testCaseKinds = ['functional', 'payout'] as const;
export const testResults = ['passed', 'failed', 'blocked'] as const;
export const defectSeverities = [1, 2, 3, 4] as const;

export const testCycles = sqliteTable(
  'test_cycles',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: testCycleKinds }).notNull(),
    entryCriteria: text('entry_criteria').notNull(),
    exitCriteria: text('exit_criteria').notNull(),
    plannedStart: text('planned_start').notNull(),
    plannedEnd: text('planned_end').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [oneOf('test_cycle_kind_known', t.kind, testCycleKinds)],
);

export type ExpectedLine = { participantId: string; componentId: string; amount: string };
export type FunctionalStep = { action: string; expected: string };

/** A test case: functional (steps) or payout (a dataset the engine runs, and the expected payouts). */
export const testCases = sqliteTable(
  'test_cases',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => testCycles.id),
    key: text('key').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: testCaseKinds }).notNull(),
    critical: integer('critical', { mode: 'boolean' }).notNull().default(false),
    /** Bumped by every change of the case's content; a run names the version it ran. */
    version: integer('version').notNull().default(1),
    steps: json('steps').$type<FunctionalStep[]>().notNull(),
    planId: integer('plan_id').references(() => plans.id),
    period: text('period'),
    participantsCsv: text('participants_csv'),
    quotasCsv: text('quotas_csv'),
    transactionsCsv: text('transactions_csv'),
    expected: json('expected').$type<ExpectedLine[]>().notNull(),
    /** Largest accepted difference per line, as a decimal string ("0" = to the cent). */
    tolerance: text('tolerance').notNull().default('0'),
    datasetHash: text('dataset_hash'),
    assigneeId: integer('assignee_id').references(() => users.id),
    /** Its execution status is a workflow instance (caseExecution machine). */
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('test_case_key').on(t.projectId, t.key), index('test_case_cycle').on(t.cycleId), oneOf('test_case_kind_known', t.kind, testCaseKinds)],
);

/** Which requirements a case verifies (and which version it was written against). */
export const testCaseRequirements = sqliteTable(
  'test_case_requirements',
  {
    id: id(),
    caseId: integer('case_id')
      .notNull()
      .references(() => testCases.id),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
  },
  (t) => [uniqueIndex('test_case_requirement').on(t.caseId, t.requirementId), index('tcr_requirement').on(t.requirementId)],
);

export type LineResult = {
  participantId: string;
  componentId: string;
  expected: string | null;
  actual: string | null;
  difference: string;
  ok: boolean;
  explain?: unknown;
};

/** One execution of a case: append-only; a rerun is a new row. */
export const testRuns = sqliteTable(
  'test_runs',
  {
    id: id(),
    caseId: integer('case_id')
      .notNull()
      .references(() => testCases.id),
    caseVersion: integer('case_version').notNull(),
    planVersionId: integer('plan_version_id').references(() => planVersions.id),
    engineVersion: text('engine_version').notNull(),
    datasetHash: text('dataset_hash'),
    result: text('result', { enum: testResults }).notNull(),
    summary: text('summary').notNull(),
    lines: json('lines').$type<LineResult[]>().notNull(),
    resultHash: text('result_hash'),
    /**
     * The version of each linked requirement the run verified (the current one when it ran): coverage
     * counts a run only for the requirement version it saw (workflows/testing/coverage.ts).
     */
    requirementVersionIds: json('requirement_version_ids').$type<number[]>().notNull().default(sql`'[]'`),
    /** Set when a linked requirement or the plan version changed after this run: counts as not run. */
    staleSince: instant('stale_since'),
    staleReason: text('stale_reason'),
    runBy: integer('run_by')
      .notNull()
      .references(() => users.id),
    at: instant('at').notNull(),
  },
  (t) => [index('test_run_case').on(t.caseId), oneOf('test_run_result_known', t.result, testResults)],
);

export const defects = sqliteTable(
  'defects',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    key: text('key').notNull(),
    title: text('title').notNull(),
    severity: integer('severity').notNull(),
    steps: text('steps').notNull(),
    runId: integer('run_id').references(() => testRuns.id),
    caseId: integer('case_id').references(() => testCases.id),
    /** Who works on it now (the analyst or PM fixing it); anyone on the project may be named. */
    assigneeId: integer('assignee_id').references(() => users.id),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('defect_key').on(t.projectId, t.key), oneOf('defect_severity_known', t.severity, defectSeverities)],
);

/** The discussion of a defect: append-only, in order. */
export const defectComments = sqliteTable(
  'defect_comments',
  {
    id: id(),
    defectId: integer('defect_id')
      .notNull()
      .references(() => defects.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('defect_comment_defect').on(t.defectId)],
);

export type VarianceLine = { participantId: string; componentId: string; legacy: string; computed: string; variance: string };
export const varianceClasses = ['expected design change', 'data issue', 'defect'] as const;

/** A parallel run: the legacy system's payouts for a period against the engine's on the same inputs. */
export const parallelRuns = sqliteTable('parallel_runs', {
  id: id(),
  projectId: integer('project_id')
    .notNull()
    .references(() => projects.id),
  name: text('name').notNull(),
  planVersionId: integer('plan_version_id')
    .notNull()
    .references(() => planVersions.id),
  period: text('period').notNull(),
  participantsCsv: text('participants_csv').notNull(),
  quotasCsv: text('quotas_csv').notNull(),
  transactionsCsv: text('transactions_csv').notNull(),
  legacyCsv: text('legacy_csv').notNull(),
  threshold: text('threshold').notNull(),
  lines: json('lines').$type<VarianceLine[]>().notNull(),
  totals: json('totals').$type<{ legacy: string; computed: string; variance: string }>().notNull(),
  /** The variance report is signed off like a requirement (the same sign-off machine). */
  instanceId: integer('instance_id')
    .notNull()
    .references(() => workflowInstances.id),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: instant('created_at').notNull(),
});

/**
 * The lines of a run's variance report, one row each, so its page reads one page of them (worst first)
 * instead of the whole report: a stored run can hold 150,000 lines. The run's `lines` stay the record
 * the report's fingerprint covers; these are written with them and never change.
 */
export const parallelRunLines = sqliteTable(
  'parallel_run_lines',
  {
    id: id(),
    runId: integer('run_id')
      .notNull()
      .references(() => parallelRuns.id),
    participantId: text('participant_id').notNull(),
    componentId: text('component_id').notNull(),
    legacy: text('legacy').notNull(),
    computed: text('computed').notNull(),
    variance: text('variance').notNull(),
    /** The variance's size in cents, |variance| × 100 (variances have two decimals): orders the worst first, exactly. */
    sizeCents: integer('size_cents').notNull(),
  },
  (t) => [
    uniqueIndex('parallel_run_line_key').on(t.runId, t.participantId, t.componentId),
    index('parallel_run_line_size').on(t.runId, sql`${t.sizeCents} desc`, t.id),
  ],
);

/** How a variance is explained; append-only, the latest row for a line is the one in force. */
export const varianceClassifications = sqliteTable(
  'variance_classifications',
  {
    id: id(),
    parallelRunId: integer('parallel_run_id')
      .notNull()
      .references(() => parallelRuns.id),
    participantId: text('participant_id').notNull(),
    componentId: text('component_id').notNull(),
    classification: text('classification', { enum: varianceClasses }).notNull(),
    note: text('note').notNull(),
    defectId: integer('defect_id').references(() => defects.id),
    classifiedBy: integer('classified_by')
      .notNull()
      .references(() => users.id),
    at: instant('at').notNull(),
  },
  (t) => [index('variance_class_line').on(t.parallelRunId, t.participantId, t.componentId), oneOf('variance_class_known', t.classification, varianceClasses)],
);
