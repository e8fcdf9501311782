import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Conn } from '../client';
import { auditLog, changeRequests, milestones, projectMembers, raidItems, selections, users, workflowEvents, workflowInstances } from '../schema';
import { instanceRefColumns } from './instance';
import { inList, listValue } from './prepared';

/**
 * The reads behind My work's "late on my projects" and "waiting on others" (workflows/my-work/): rows
 * only, the rules that pick the late and the waiting ones are applied in workflows.
 */

/** The milestones of the projects given that are not reached yet, earliest due first. */
export function openMilestonesOf(conn: Conn, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  return conn
    .select()
    .from(milestones)
    .where(and(inList(milestones.projectId, 'projectIds'), isNull(milestones.doneOn)))
    .orderBy(asc(milestones.dueDate), asc(milestones.id))
    .all({ projectIds: listValue(projectIds) });
}

/** The open RAID items of the projects given, with their owner's name. */
export function openRaidItemsOf(conn: Conn, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  return conn
    .select({ item: raidItems, owner: users.name })
    .from(raidItems)
    .leftJoin(users, eq(users.id, raidItems.ownerId))
    .where(and(inList(raidItems.projectId, 'projectIds'), eq(raidItems.status, 'open')))
    .orderBy(asc(raidItems.id))
    .all({ projectIds: listValue(projectIds) });
}

/** The instances of one machine on the projects given that are in one of the states given (subject: the project). */
export function projectInstancesInState(conn: Conn, machineId: string, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return conn
    .select({ projectId: workflowInstances.projectId, instance: instanceRefColumns })
    .from(workflowInstances)
    .where(and(eq(workflowInstances.machineId, machineId), inList(workflowInstances.projectId, 'projectIds'), inArray(workflowInstances.stateValue, states)))
    .orderBy(asc(workflowInstances.id))
    .all({ projectIds: listValue(projectIds) });
}

/** The platform selections of the projects given whose workflow is in one of the states given, with their instance. */
export function selectionsInState(conn: Conn, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return conn
    .select({ id: selections.id, projectId: selections.projectId, key: selections.key, title: selections.title, instance: instanceRefColumns })
    .from(selections)
    .innerJoin(workflowInstances, eq(workflowInstances.id, selections.instanceId))
    .where(and(inList(selections.projectId, 'projectIds'), inArray(workflowInstances.stateValue, states)))
    .orderBy(asc(selections.id))
    .all({ projectIds: listValue(projectIds) });
}

/** The change requests of the projects given whose workflow is in one of the states given, with their instance. */
export function changeRequestsInState(conn: Conn, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return conn
    .select({ id: changeRequests.id, projectId: changeRequests.projectId, key: changeRequests.key, title: changeRequests.title, instance: instanceRefColumns })
    .from(changeRequests)
    .innerJoin(workflowInstances, eq(workflowInstances.id, changeRequests.instanceId))
    .where(and(inList(changeRequests.projectId, 'projectIds'), inArray(workflowInstances.stateValue, states)))
    .orderBy(asc(changeRequests.id))
    .all({ projectIds: listValue(projectIds) });
}

/** Every membership of the projects given: who holds which role where. */
export function membershipsOfProjects(conn: Conn, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  return conn
    .select({ projectId: projectMembers.projectId, userId: projectMembers.userId, role: projectMembers.role })
    .from(projectMembers)
    .where(inList(projectMembers.projectId, 'projectIds'))
    .all({ projectIds: listValue(projectIds) });
}

/** The latest event of each instance given among the types given: when and by whom (the review request, the submission). */
export function latestEventsOf(conn: Conn, instanceIds: number[], types: string[]): Map<number, { at: string; actorId: number | null }> {
  if (instanceIds.length === 0) return new Map();
  const rows = conn
    .select({ instanceId: workflowEvents.instanceId, at: workflowEvents.at, actorId: workflowEvents.actorId })
    .from(workflowEvents)
    .where(and(inArray(workflowEvents.instanceId, instanceIds), inArray(workflowEvents.type, types)))
    .orderBy(asc(workflowEvents.id))
    .all();
  // Oldest first: the last one written per instance wins.
  return new Map(rows.map((r) => [r.instanceId, { at: r.at, actorId: r.actorId }]));
}

/**
 * When this person last wrote an audit row of `action` per subject (`type:id`) on the projects given,
 * newest kept (read through the log's project index).
 */
export function lastAuditBy(conn: Conn, actorId: number, action: string, projectIds: number[]): Map<string, string> {
  if (projectIds.length === 0) return new Map();
  const rows = conn
    .select({ subjectType: auditLog.subjectType, subjectId: auditLog.subjectId, at: auditLog.at })
    .from(auditLog)
    .where(and(inList(auditLog.projectId, 'projectIds'), eq(auditLog.actorId, actorId), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.id))
    .all({ projectIds: listValue(projectIds) });
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(`${r.subjectType}:${r.subjectId}`)) out.set(`${r.subjectType}:${r.subjectId}`, r.at);
  return out;
}
