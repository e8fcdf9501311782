import { and, asc, count, desc, eq, exists, getTableColumns, gt, inArray, notExists, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Conn } from '../client';
import {
  defectComments,
  defects,
  parallelRunLines,
  parallelRuns,
  plans,
  planVersions,
  requirements,
  signatures,
  testCaseRequirements,
  testCases,
  testCycles,
  testRuns,
  users,
  varianceClassifications,
  workflowEvents,
  workflowInstances,
} from '../schema';
import { instanceRefColumns } from './instance';
import { builtOncePer, inList, listValue, storedJson } from './prepared';

const projectPlansQuery = builtOncePer((conn) =>
  conn
    .select({
      plan: plans,
      version: { id: planVersions.id, number: planVersions.number, effectiveFrom: planVersions.effectiveFrom, documentHash: planVersions.documentHash },
    })
    .from(plans)
    .leftJoin(planVersions, eq(planVersions.id, plans.currentVersionId))
    .where(eq(plans.projectId, sql.placeholder('projectId')))
    .orderBy(asc(plans.planKey))
    .prepare(),
);

/** A project's plans with the version in effect (its number and date, not its document). */
export function projectPlans(conn: Conn, projectId: number) {
  return projectPlansQuery(conn).all({ projectId });
}

export function planDetail(conn: Conn, planId: number) {
  const plan = conn.select().from(plans).where(eq(plans.id, planId)).get();
  if (!plan) return null;
  const versions = conn
    .select({
      id: planVersions.id,
      number: planVersions.number,
      note: planVersions.note,
      documentHash: planVersions.documentHash,
      createdAt: planVersions.createdAt,
      supersededAt: planVersions.supersededAt,
      effectiveFrom: planVersions.effectiveFrom,
      by: users.name,
      document: planVersions.document,
      state: workflowInstances.stateValue,
    })
    .from(planVersions)
    .innerJoin(users, eq(users.id, planVersions.createdBy))
    .leftJoin(workflowInstances, eq(workflowInstances.id, planVersions.instanceId))
    .where(eq(planVersions.planId, planId))
    .orderBy(desc(planVersions.number))
    .all()
    .map((v) => ({ ...v, state: v.state === null ? null : String(v.state) }));
  return { plan, versions };
}

/** One plan version with its approval instance, and the instance's history (oldest first, with each actor's name). */
export function planVersionDetail(conn: Conn, planId: number, number: number) {
  const row = conn
    .select({ version: planVersions, by: users.name, instance: workflowInstances })
    .from(planVersions)
    .innerJoin(users, eq(users.id, planVersions.createdBy))
    .innerJoin(workflowInstances, eq(workflowInstances.id, planVersions.instanceId))
    .where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)))
    .get();
  if (!row) return null;
  const history = conn
    .select({
      id: workflowEvents.id,
      type: workflowEvents.type,
      payload: workflowEvents.payload,
      fromState: workflowEvents.fromState,
      toState: workflowEvents.toState,
      at: workflowEvents.at,
      actor: users.name,
    })
    .from(workflowEvents)
    .leftJoin(users, eq(users.id, workflowEvents.actorId))
    .where(eq(workflowEvents.instanceId, row.instance.id))
    .orderBy(asc(workflowEvents.id))
    .all();
  return { ...row, history };
}

const testCycleQuery = builtOncePer((conn) =>
  conn
    .select()
    .from(testCycles)
    .where(eq(testCycles.id, sql.placeholder('cycleId')))
    .prepare(),
);

export function testCycle(conn: Conn, cycleId: number) {
  return testCycleQuery(conn).get({ cycleId }) ?? null;
}

export function projectCycles(conn: Conn, projectId: number) {
  return conn.select().from(testCycles).where(eq(testCycles.projectId, projectId)).orderBy(desc(testCycles.plannedStart)).all();
}

/** A case's columns without its dataset: lists never need the four files, which can be megabytes each. */
const { participantsCsv: _p, quotasCsv: _q, transactionsCsv: _t, ...caseListColumns } = getTableColumns(testCases);

/**
 * The three queries of a case list, for cases chosen by one condition: built once per connection and
 * shape (a cycle's cases, a project's, or some cases by id), the id lists being subqueries, not literals.
 */
function caseListQueries(conn: Conn, chosen: SQL) {
  const ids = conn.select({ id: testCases.id }).from(testCases).where(chosen);
  return {
    cases: conn
      .select({ c: caseListColumns, state: workflowInstances.stateValue, plan: plans.planKey, assignee: users.name })
      .from(testCases)
      .innerJoin(workflowInstances, eq(workflowInstances.id, testCases.instanceId))
      .leftJoin(plans, eq(plans.id, testCases.planId))
      .leftJoin(users, eq(users.id, testCases.assigneeId))
      .where(chosen)
      .orderBy(asc(testCases.key))
      .prepare(),
    runs: conn
      .select({
        id: testRuns.id,
        caseId: testRuns.caseId,
        result: testRuns.result,
        at: testRuns.at,
        staleSince: testRuns.staleSince,
        summary: testRuns.summary,
      })
      .from(testRuns)
      .where(inArray(testRuns.caseId, ids))
      .orderBy(asc(testRuns.id))
      .prepare(),
    links: conn
      .select({ caseId: testCaseRequirements.caseId, key: requirements.key, id: requirements.id })
      .from(testCaseRequirements)
      .innerJoin(requirements, eq(requirements.id, testCaseRequirements.requirementId))
      .where(inArray(testCaseRequirements.caseId, ids))
      .prepare(),
  };
}
const casesOfCycle = builtOncePer((conn) => caseListQueries(conn, eq(testCases.cycleId, sql.placeholder('id'))));
const casesOfProject = builtOncePer((conn) => caseListQueries(conn, eq(testCases.projectId, sql.placeholder('id'))));
const oneCase = builtOncePer((conn) => caseListQueries(conn, eq(testCases.id, sql.placeholder('id'))));

/** Cases with their execution state and latest run, for a cycle, a whole project, or one case. */
export function casesWithStatus(conn: Conn, where: { cycleId: number } | { projectId: number } | { caseId: number }) {
  const [queries, id] =
    'cycleId' in where ? [casesOfCycle(conn), where.cycleId] : 'projectId' in where ? [casesOfProject(conn), where.projectId] : [oneCase(conn), where.caseId];
  const rows = queries.cases.all({ id });
  const runs = queries.runs.all({ id });
  const links = queries.links.all({ id });
  const runsOf = groupBy(runs, (r) => r.caseId);
  const linksOf = groupBy(links, (l) => l.caseId);
  return rows.map((r) => {
    const caseRuns = runsOf.get(r.c.id) ?? [];
    return {
      ...r.c,
      state: String(r.state),
      plan: r.plan,
      assignee: r.assignee,
      latest: caseRuns.at(-1) ?? null,
      runs: caseRuns,
      requirements: linksOf.get(r.c.id) ?? [],
    };
  });
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

export function caseDetail(conn: Conn, caseId: number) {
  const [listed] = casesWithStatus(conn, { caseId });
  if (!listed) return null;
  const dataset = conn
    .select({ participantsCsv: testCases.participantsCsv, quotasCsv: testCases.quotasCsv, transactionsCsv: testCases.transactionsCsv })
    .from(testCases)
    .where(eq(testCases.id, caseId))
    .get()!;
  const cycle = conn.select({ name: testCycles.name }).from(testCycles).where(eq(testCycles.id, listed.cycleId)).get();
  const c = { ...listed, ...dataset, cycleName: cycle?.name ?? null };
  const runs = conn
    .select({ run: testRuns, by: users.name, planVersion: planVersions.number })
    .from(testRuns)
    .innerJoin(users, eq(users.id, testRuns.runBy))
    .leftJoin(planVersions, eq(planVersions.id, testRuns.planVersionId))
    .where(eq(testRuns.caseId, caseId))
    .orderBy(desc(testRuns.id))
    .all();
  const caseDefects = conn
    .select({ id: defects.id, key: defects.key, title: defects.title, severity: defects.severity, state: workflowInstances.stateValue })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(eq(defects.caseId, caseId))
    .all()
    .map((d) => ({ ...d, state: String(d.state) }));
  return { testCase: c, runs, defects: caseDefects };
}

const assigneeOf = alias(users, 'assignee');
const projectDefectsQuery = builtOncePer((conn) =>
  conn
    .select({
      d: defects,
      state: workflowInstances.stateValue,
      caseKey: testCases.key,
      by: users.name,
      assignee: assigneeOf.name,
    })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .leftJoin(testCases, eq(testCases.id, defects.caseId))
    .innerJoin(users, eq(users.id, defects.createdBy))
    .leftJoin(assigneeOf, eq(assigneeOf.id, defects.assigneeId))
    .where(eq(defects.projectId, sql.placeholder('projectId')))
    .orderBy(asc(defects.key))
    .prepare(),
);

export function projectDefects(conn: Conn, projectId: number) {
  return projectDefectsQuery(conn)
    .all({ projectId })
    .map((r) => ({ ...r.d, state: String(r.state), caseKey: r.caseKey, by: r.by, assignee: r.assignee }));
}

export function defectDetail(conn: Conn, defectId: number) {
  const d = conn
    .select({ d: defects, instance: workflowInstances, caseKey: testCases.key, by: users.name })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .leftJoin(testCases, eq(testCases.id, defects.caseId))
    .innerJoin(users, eq(users.id, defects.createdBy))
    .where(eq(defects.id, defectId))
    .get();
  return d ?? null;
}

export function projectParallelRuns(conn: Conn, projectId: number) {
  return conn
    .select({
      id: parallelRuns.id,
      name: parallelRuns.name,
      period: parallelRuns.period,
      totals: parallelRuns.totals,
      createdAt: parallelRuns.createdAt,
      state: workflowInstances.stateValue,
    })
    .from(parallelRuns)
    .innerJoin(workflowInstances, eq(workflowInstances.id, parallelRuns.instanceId))
    .where(eq(parallelRuns.projectId, projectId))
    .orderBy(desc(parallelRuns.id))
    .all()
    .map((r) => ({ ...r, state: String(r.state) }));
}

/** A parallel run for its page: everything but its files and the whole report (read a page at a time with `varianceLinesPage`). */
export function parallelRunDetail(conn: Conn, runId: number) {
  const row = conn
    .select({
      run: {
        id: parallelRuns.id,
        projectId: parallelRuns.projectId,
        name: parallelRuns.name,
        period: parallelRuns.period,
        threshold: parallelRuns.threshold,
        totals: parallelRuns.totals,
        instanceId: parallelRuns.instanceId,
      },
      instance: workflowInstances,
      plan: plans.planKey,
      planVersion: planVersions.number,
    })
    .from(parallelRuns)
    .innerJoin(workflowInstances, eq(workflowInstances.id, parallelRuns.instanceId))
    .innerJoin(planVersions, eq(planVersions.id, parallelRuns.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(parallelRuns.id, runId))
    .get();
  if (!row) return null;
  const classes = conn
    .select({ c: varianceClassifications, by: users.name, defectKey: defects.key })
    .from(varianceClassifications)
    .innerJoin(users, eq(users.id, varianceClassifications.classifiedBy))
    .leftJoin(defects, eq(defects.id, varianceClassifications.defectId))
    .where(eq(varianceClassifications.parallelRunId, runId))
    .orderBy(asc(varianceClassifications.id))
    .all();
  const latest = new Map<string, (typeof classes)[number]>();
  for (const c of classes) latest.set(`${c.c.participantId}|${c.c.componentId}`, c);
  const signed = conn
    .select({ name: users.name, meaning: signatures.meaning, at: signatures.at, fingerprint: signatures.fingerprint })
    .from(signatures)
    .innerJoin(users, eq(users.id, signatures.userId))
    .where(eq(signatures.instanceId, row.run.instanceId))
    .all();
  return { ...row, classification: (p: string, c: string) => latest.get(`${p}|${c}`) ?? null, signatures: signed };
}

export const varianceShows = ['all', 'over', 'unexplained'] as const;
export type VarianceShow = (typeof varianceShows)[number];
export type VarianceLinesQuery = {
  runId: number;
  /** All lines, those over the threshold, or those over it that nobody has explained yet. */
  show: VarianceShow;
  /** Lines whose size in cents is above this are over the threshold. */
  overCents: number;
  /** Participant ids containing this. */
  participant?: string;
  page: number;
  pageSize: number;
};

/**
 * One page of a run's variance lines, the largest variances first (then in the order they were
 * stored), with how many lines there are in all, over the threshold, unexplained, and matching.
 */
/** A variance line's classifications, correlated to the line of the outer query (for EXISTS / NOT EXISTS). */
export function classificationsOfLine(conn: Conn) {
  const l = parallelRunLines;
  return conn
    .select({ one: sql`1` })
    .from(varianceClassifications)
    .where(
      and(
        eq(varianceClassifications.parallelRunId, l.runId),
        eq(varianceClassifications.participantId, l.participantId),
        eq(varianceClassifications.componentId, l.componentId),
      ),
    );
}

export function varianceLinesPage(conn: Conn, q: VarianceLinesQuery) {
  const l = parallelRunLines;
  const explained = classificationsOfLine(conn);
  const ofRun = eq(l.runId, q.runId);
  const over = gt(l.sizeCents, q.overCents);
  const unexplained = and(over, notExists(explained));
  const countOf = (where: SQL | undefined) => conn.select({ n: count() }).from(l).where(where).get()?.n ?? 0;
  // Explained lines over the threshold, counted from the explanations (a few) rather than the lines (150,000).
  const classified = conn
    .selectDistinct({ participantId: varianceClassifications.participantId, componentId: varianceClassifications.componentId })
    .from(varianceClassifications)
    .where(eq(varianceClassifications.parallelRunId, q.runId))
    .as('classified');
  const overLine = conn
    .select({ one: sql`1` })
    .from(l)
    .where(and(ofRun, over, eq(l.participantId, classified.participantId), eq(l.componentId, classified.componentId)));
  const explainedOver = conn.select({ n: count() }).from(classified).where(exists(overLine)).get()?.n ?? 0;
  const all = countOf(ofRun);
  const overCount = countOf(and(ofRun, over));
  const counts = { all, over: overCount, unexplained: overCount - explainedOver };
  const where = and(
    ofRun,
    q.show === 'over' ? over : q.show === 'unexplained' ? unexplained : undefined,
    q.participant ? sql`instr(${l.participantId}, ${q.participant}) > 0` : undefined,
  );
  const matching = q.participant ? countOf(where) : counts[q.show];
  const pageCount = Math.max(Math.ceil(matching / q.pageSize), 1);
  const page = Math.min(Math.max(q.page, 1), pageCount);
  const rows = conn
    .select({
      participantId: l.participantId,
      componentId: l.componentId,
      legacy: l.legacy,
      computed: l.computed,
      variance: l.variance,
      sizeCents: l.sizeCents,
    })
    .from(l)
    .where(where)
    .orderBy(desc(l.sizeCents), asc(l.id))
    .limit(q.pageSize)
    .offset((page - 1) * q.pageSize)
    .all();
  return {
    rows,
    page,
    pageSize: q.pageSize,
    matching,
    counts,
  };
}

/** Test cases of the projects given, assigned to this person, whose execution is in one of the states given. */
const casesAssignedToQuery = builtOncePer((conn) =>
  conn
    .select({ id: testCases.id, projectId: testCases.projectId, key: testCases.key, title: testCases.title, state: workflowInstances.stateValue })
    .from(testCases)
    .innerJoin(workflowInstances, eq(workflowInstances.id, testCases.instanceId))
    .where(and(eq(testCases.assigneeId, sql.placeholder('userId')), inList(testCases.projectId, 'projectIds'), inList(workflowInstances.stateValue, 'states')))
    .orderBy(asc(testCases.key))
    .prepare(),
);

export function casesAssignedTo(conn: Conn, userId: number, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return casesAssignedToQuery(conn)
    .all({ userId, projectIds: listValue(projectIds), states: storedJson(states) })
    .map((c) => ({ ...c, state: String(c.state) }));
}

/** Defects of the projects given in one of the states given, with their workflow instance. */
const defectsInStateQuery = builtOncePer((conn) =>
  conn
    .select({ id: defects.id, projectId: defects.projectId, key: defects.key, title: defects.title, instance: instanceRefColumns })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(and(inList(defects.projectId, 'projectIds'), inList(workflowInstances.stateValue, 'states')))
    .orderBy(asc(defects.key))
    .prepare(),
);

export function defectsInState(conn: Conn, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return defectsInStateQuery(conn)
    .all({ projectIds: listValue(projectIds), states: storedJson(states) })
    .map((d) => ({ ...d, state: String(d.instance.stateValue) }));
}

/** Parallel runs (their variance reports) of the projects given in one of the states given, with their sign-off instance. */
const parallelRunsInStateQuery = builtOncePer((conn) =>
  conn
    .select({ id: parallelRuns.id, projectId: parallelRuns.projectId, name: parallelRuns.name, instance: instanceRefColumns })
    .from(parallelRuns)
    .innerJoin(workflowInstances, eq(workflowInstances.id, parallelRuns.instanceId))
    .where(and(inList(parallelRuns.projectId, 'projectIds'), inList(workflowInstances.stateValue, 'states')))
    .orderBy(desc(parallelRuns.id))
    .prepare(),
);

export function parallelRunsInState(conn: Conn, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return parallelRunsInStateQuery(conn)
    .all({ projectIds: listValue(projectIds), states: storedJson(states) })
    .map((r) => ({ ...r, state: String(r.instance.stateValue) }));
}

/** Plan versions of the projects given in one of the states given, with their approval instance. */
const planVersionsInStateQuery = builtOncePer((conn) =>
  conn
    .select({
      planId: plans.id,
      projectId: plans.projectId,
      planKey: plans.planKey,
      name: plans.name,
      number: planVersions.number,
      instance: instanceRefColumns,
    })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, planVersions.instanceId))
    .where(and(inList(plans.projectId, 'projectIds'), inList(workflowInstances.stateValue, 'states')))
    .orderBy(asc(plans.planKey), asc(planVersions.number))
    .prepare(),
);

export function planVersionsInState(conn: Conn, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return planVersionsInStateQuery(conn)
    .all({ projectIds: listValue(projectIds), states: storedJson(states) })
    .map((v) => ({ ...v, state: String(v.instance.stateValue) }));
}

/** A defect's discussion, oldest first, with each author's name. */
export function defectCommentList(conn: Conn, defectId: number) {
  return conn
    .select({ id: defectComments.id, body: defectComments.body, at: defectComments.at, author: users.name })
    .from(defectComments)
    .innerJoin(users, eq(users.id, defectComments.authorId))
    .where(eq(defectComments.defectId, defectId))
    .orderBy(asc(defectComments.id))
    .all();
}

/** One run in brief (a defect's verifying run): when, by whom, its result and the plan version it ran on. */
export function runBrief(conn: Conn, runId: number) {
  return (
    conn
      .select({ id: testRuns.id, at: testRuns.at, result: testRuns.result, summary: testRuns.summary, by: users.name, planVersion: planVersions.number })
      .from(testRuns)
      .innerJoin(users, eq(users.id, testRuns.runBy))
      .leftJoin(planVersions, eq(planVersions.id, testRuns.planVersionId))
      .where(eq(testRuns.id, runId))
      .get() ?? null
  );
}

/** A plan version's number and plan key ("NW-CB-2026 v3"). */
export function planVersionLabel(conn: Conn, planVersionId: number) {
  const row = conn
    .select({ number: planVersions.number, planKey: plans.planKey })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(planVersions.id, planVersionId))
    .get();
  return row ? `${row.planKey} v${row.number}` : null;
}

/** The participants file a parallel run was made from (for the names of the people on a page of its lines). */
export function parallelRunParticipantsCsv(conn: Conn, runId: number): string | null {
  return conn.select({ csv: parallelRuns.participantsCsv }).from(parallelRuns).where(eq(parallelRuns.id, runId)).get()?.csv ?? null;
}
