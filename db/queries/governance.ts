import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '../client';
import { changeRequests, milestones, plans, planVersions, requirements, requirementVersions, users, workflowInstances } from '../schema';
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
