import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import {
  auditLog,
  changeRequests,
  milestones,
  plans,
  planVersions,
  requirements,
  requirementVersions,
  statusOverrides,
  statusReports,
  users,
  workflowInstances,
} from '../schema';
import { builtOncePer, inList, listValue } from './prepared';
import { projectRecordChoices } from './records';

/** Read models of change requests (issue 14); no business rules (workflows/changes/* holds them). */

/** A project's change requests with their state and people, in key order. */
export function changeRequestList(conn: Conn, projectId: number) {
  return conn
    .select({ change: changeRequests, state: workflowInstances.stateValue, context: workflowInstances.context, requester: users.name })
    .from(changeRequests)
    .innerJoin(workflowInstances, eq(workflowInstances.id, changeRequests.instanceId))
    .innerJoin(users, eq(users.id, changeRequests.requestedBy))
    .where(eq(changeRequests.projectId, projectId))
    .orderBy(asc(changeRequests.key))
    .all();
}

/** What an impact or an implementation can name: the project's requirements (with versions), plans (with versions), deliverables and milestones. */
export function changeTargets(conn: Conn, projectId: number) {
  const records = projectRecordChoices(conn, projectId);
  return {
    requirements: records.requirements,
    requirementVersions: conn
      .select({ id: requirementVersions.id, key: requirements.key, number: requirementVersions.number, title: requirementVersions.title })
      .from(requirementVersions)
      .innerJoin(requirements, eq(requirements.id, requirementVersions.requirementId))
      .where(eq(requirements.projectId, projectId))
      .orderBy(asc(requirements.key), asc(requirementVersions.number))
      .all(),
    plans: conn
      .select({ id: plans.id, key: plans.planKey, name: plans.name })
      .from(plans)
      .where(eq(plans.projectId, projectId))
      .orderBy(asc(plans.planKey))
      .all(),
    planVersions: conn
      .select({ id: planVersions.id, key: plans.planKey, number: planVersions.number })
      .from(planVersions)
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(eq(plans.projectId, projectId))
      .orderBy(asc(plans.planKey), asc(planVersions.number))
      .all(),
    deliverables: records.deliverables,
    milestones: conn
      .select({ id: milestones.id, name: milestones.name, dueDate: milestones.dueDate, doneOn: milestones.doneOn })
      .from(milestones)
      .where(eq(milestones.projectId, projectId))
      .orderBy(asc(milestones.dueDate), asc(milestones.id))
      .all(),
  };
}

/** Names of people by id. */
export function peopleNamed(conn: Conn, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  return new Map(
    conn
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(inArray(users.id, ids)))
      .all()
      .map((u) => [u.id, u.name]),
  );
}

const statusInputQueries = builtOncePer((conn) => ({
  projectHead: conn
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.projectId, sql.placeholder('projectId')))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .prepare(),
  globalHead: conn.select({ hash: auditLog.hash }).from(auditLog).where(isNull(auditLog.projectId)).orderBy(desc(auditLog.id)).limit(1).prepare(),
}));

/**
 * The chain hashes of the last audit row about a project and of the last about no project (thresholds,
 * methodologies, people): each names the whole chain before it, so while both stay the same nothing the
 * project's status reads has changed. Two index lookups.
 */
export function statusInputsVersion(conn: Conn, projectId: number) {
  const q = statusInputQueries(conn);
  return `${q.projectHead.get({ projectId })?.hash ?? ''}|${q.globalHead.get()?.hash ?? ''}`;
}

/** Change requests still open (not closed, rejected or withdrawn), counted per project. */
export function openChangeCounts(conn: Conn, projectIds: number[]) {
  const rows = conn
    .select({ projectId: changeRequests.projectId, n: sql<number>`count(*)` })
    .from(changeRequests)
    .innerJoin(workflowInstances, eq(workflowInstances.id, changeRequests.instanceId))
    .where(and(inList(changeRequests.projectId, 'projectIds'), notInArray(workflowInstances.stateValue, ['closed', 'rejected', 'withdrawn'])))
    .groupBy(changeRequests.projectId)
    .all({ projectIds: listValue(projectIds) });
  return new Map(rows.map((r) => [r.projectId, r.n]));
}

/** The latest override row per project (a cleared one has no colour). */
export function latestOverrides(conn: Conn, projectIds: number[]) {
  const rows = conn
    .select()
    .from(statusOverrides)
    .where(inList(statusOverrides.projectId, 'projectIds'))
    .orderBy(asc(statusOverrides.id))
    .all({ projectIds: listValue(projectIds) });
  return new Map(rows.map((r) => [r.projectId, r]));
}

/** Reports published on or after a day, oldest first, with the colours their snapshots froze (read in SQL: a whole snapshot is kilobytes). */
export function reportsPublishedSince(conn: Conn, projectIds: number[], since: string) {
  return conn
    .select({
      projectId: statusReports.projectId,
      period: statusReports.period,
      publishedAt: statusReports.publishedAt,
      colour: sql<'green' | 'amber' | 'red' | null>`json_extract(${statusReports.snapshot}, '$.status.colour')`,
      override: sql<string | null>`json_extract(${statusReports.snapshot}, '$.override.colour')`,
    })
    .from(statusReports)
    .where(and(inList(statusReports.projectId, 'projectIds'), isNotNull(statusReports.publishedAt), gte(statusReports.publishedAt, since)))
    .orderBy(asc(statusReports.publishedAt))
    .all({ projectIds: listValue(projectIds) });
}
