import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import {
  memberFunctions,
  methodologies,
  milestones,
  phases,
  projectMembers,
  projects,
  signatures,
  users,
  vendorFirms,
  workflowEvents,
  workflowInstances,
} from '../schema';
import { instanceRefColumns } from './instance';
import { builtOncePer, inList, listValue, storedJson } from './prepared';

export type PhaseRow = typeof phases.$inferSelect & {
  state: string;
  instance: Pick<typeof workflowInstances.$inferSelect, 'id' | 'machineId' | 'machineVersion' | 'stateValue' | 'context' | 'version'>;
};

const phaseColumns = (conn: Conn) =>
  conn
    .select({
      phase: phases,
      instance: { ...instanceRefColumns, version: workflowInstances.version },
    })
    .from(phases)
    .innerJoin(workflowInstances, eq(workflowInstances.id, phases.instanceId));
const toPhaseRow = (r: { phase: typeof phases.$inferSelect; instance: PhaseRow['instance'] }): PhaseRow => ({
  ...r.phase,
  state: String(r.instance.stateValue),
  instance: r.instance,
});
// Every page lists phases; these are built once per connection (db/queries/prepared.ts).
const phasesOfProjectQuery = builtOncePer((conn) =>
  phaseColumns(conn)
    .where(eq(phases.projectId, sql.placeholder('projectId')))
    .orderBy(asc(phases.position))
    .prepare(),
);
const phasesOfMemberQuery = builtOncePer((conn) =>
  phaseColumns(conn)
    .where(
      inArray(
        phases.projectId,
        conn
          .select({ projectId: projectMembers.projectId })
          .from(projectMembers)
          .where(eq(projectMembers.userId, sql.placeholder('userId'))),
      ),
    )
    .orderBy(asc(phases.projectId), asc(phases.position))
    .prepare(),
);
const allPhasesQuery = builtOncePer((conn) => phaseColumns(conn).orderBy(asc(phases.projectId), asc(phases.position)).prepare());

/** A project's phases with their workflow state, in order. */
function phasesOfProject(conn: Conn, projectId: number): PhaseRow[] {
  return phasesOfProjectQuery(conn).all({ projectId }).map(toPhaseRow);
}

/** The phases of every project a person can see (all of them for an admin), by project and in order. */
function phasesVisibleTo(conn: Conn, viewer: { id: number; isAdmin: boolean }): PhaseRow[] {
  return (viewer.isAdmin ? allPhasesQuery(conn).all() : phasesOfMemberQuery(conn).all({ userId: viewer.id })).map(toPhaseRow);
}

/** Phases of the projects given, for readers that name their projects. */
function phasesWhere(conn: Conn, where: SQL): PhaseRow[] {
  return phaseColumns(conn).where(where).orderBy(asc(phases.projectId), asc(phases.position)).all().map(toPhaseRow);
}

/** The projects a person can see: all of them for an admin, otherwise those they are a member of. */
const projectListQueries = builtOncePer((conn) => ({
  projects: conn
    .select({ project: projects, methodology: methodologies.name })
    .from(projects)
    .innerJoin(methodologies, eq(methodologies.id, projects.methodologyId))
    .orderBy(asc(projects.name))
    .prepare(),
  pms: conn
    .select({ projectId: projectMembers.projectId, name: users.name })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(inList(projectMembers.projectId, 'projectIds'), eq(projectMembers.role, 'pm')))
    .prepare(),
  milestones: conn.select().from(milestones).where(inList(milestones.projectId, 'projectIds')).prepare(),
}));

export function listProjects(conn: Conn, viewer: { id: number; isAdmin: boolean }) {
  const queries = projectListQueries(conn);
  const memberships = membershipsOf(conn, viewer.id);
  const memberOf = new Set(memberships.map((m) => m.projectId));
  const rows = queries.projects.all().filter((r) => viewer.isAdmin || memberOf.has(r.project.id));
  const projectIds = listValue(rows.map((r) => r.project.id));
  const allPhases = phasesVisibleTo(conn, viewer);
  const pms = queries.pms.all({ projectIds });
  const allMilestones = queries.milestones.all({ projectIds });
  // Grouped once: filtering every list per project grows with the square of the portfolio.
  const milestonesOf = groupByProject(allMilestones);
  const phasesOf = groupByProject(allPhases);
  const pmsOf = groupByProject(pms);
  const rolesOf = groupByProject(memberships);
  return rows.map((r) => ({
    ...r.project,
    methodology: r.methodology,
    milestones: milestonesOf.get(r.project.id) ?? [],
    phases: phasesOf.get(r.project.id) ?? [],
    projectManagers: (pmsOf.get(r.project.id) ?? []).map((m) => m.name),
    myRoles: (rolesOf.get(r.project.id) ?? []).map((m) => m.role),
  }));
}

export function groupByProject<T extends { projectId: number }>(items: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(item.projectId);
    if (group) group.push(item);
    else groups.set(item.projectId, [item]);
  }
  return groups;
}

const projectOverviewQueries = builtOncePer((conn) => ({
  project: conn
    .select({ project: projects, methodology: methodologies })
    .from(projects)
    .innerJoin(methodologies, eq(methodologies.id, projects.methodologyId))
    .where(eq(projects.id, sql.placeholder('projectId')))
    .prepare(),
  milestones: conn
    .select()
    .from(milestones)
    .where(eq(milestones.projectId, sql.placeholder('projectId')))
    .orderBy(asc(milestones.dueDate))
    .prepare(),
}));

export function projectOverview(conn: Conn, projectId: number) {
  const queries = projectOverviewQueries(conn);
  const row = queries.project.get({ projectId });
  if (!row) return null;
  return {
    ...row.project,
    methodology: row.methodology,
    phases: phasesOfProject(conn, projectId),
    milestones: queries.milestones.all({ projectId }),
    members: projectMemberList(conn, projectId),
  };
}

const memberListQuery = builtOncePer((conn) =>
  conn
    .select({
      id: projectMembers.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      title: users.title,
      role: projectMembers.role,
      /** The person's function on the project (one per person, whatever their roles). */
      function: memberFunctions.function,
      vendorFirm: vendorFirms.name,
    })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .leftJoin(memberFunctions, and(eq(memberFunctions.projectId, projectMembers.projectId), eq(memberFunctions.userId, projectMembers.userId)))
    .leftJoin(vendorFirms, eq(vendorFirms.id, users.vendorFirmId))
    .where(eq(projectMembers.projectId, sql.placeholder('projectId')))
    .orderBy(asc(users.name))
    .prepare(),
);

export function projectMemberList(conn: Conn, projectId: number) {
  return memberListQuery(conn).all({ projectId });
}

export function phaseDetail(conn: Conn, phaseId: number) {
  const [phase] = phasesWhere(conn, eq(phases.id, phaseId));
  if (!phase) return null;
  const signed = conn
    .select({ name: users.name, meaning: signatures.meaning, at: signatures.at })
    .from(signatures)
    .innerJoin(users, eq(users.id, signatures.userId))
    .where(eq(signatures.instanceId, phase.instanceId))
    .orderBy(asc(signatures.id))
    .all();
  return {
    phase,
    milestones: conn.select().from(milestones).where(eq(milestones.phaseId, phaseId)).orderBy(asc(milestones.dueDate)).all(),
    signatures: signed,
  };
}

/** Phases of the projects given whose gate is in one of the states given (filtered in SQL). */
const phasesInStateQuery = builtOncePer((conn) =>
  phaseColumns(conn)
    .where(and(inList(phases.projectId, 'projectIds'), inList(workflowInstances.stateValue, 'states')))
    .orderBy(asc(phases.projectId), asc(phases.position))
    .prepare(),
);

export function phasesInState(conn: Conn, projectIds: number[], states: string[]) {
  if (projectIds.length === 0 || states.length === 0) return [];
  return phasesInStateQuery(conn)
    .all({ projectIds: listValue(projectIds), states: storedJson(states) })
    .map(toPhaseRow);
}

/** The projects a person is a member of, one row per role they hold there. */
const membershipsQuery = builtOncePer((conn) =>
  conn
    .select({ projectId: projectMembers.projectId, role: projectMembers.role, project: projects.name })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(eq(projectMembers.userId, sql.placeholder('userId')))
    .prepare(),
);

export function membershipsOf(conn: Conn, userId: number) {
  return membershipsQuery(conn).all({ userId });
}

/** An instance's applied events with who sent them, oldest first: the gate's history. */
export function instanceHistory(conn: Conn, instanceId: number) {
  return conn
    .select({
      id: workflowEvents.id,
      type: workflowEvents.type,
      fromState: workflowEvents.fromState,
      toState: workflowEvents.toState,
      at: workflowEvents.at,
      actor: users.name,
      payload: workflowEvents.payload,
    })
    .from(workflowEvents)
    .leftJoin(users, eq(users.id, workflowEvents.actorId))
    .where(eq(workflowEvents.instanceId, instanceId))
    .orderBy(asc(workflowEvents.seq))
    .all();
}

/** The methodologies a project can follow (SALE, E3, recovery ...), by name. */
export function methodologyList(conn: Conn) {
  return conn.select().from(methodologies).orderBy(asc(methodologies.name)).all();
}
