import { and, eq, sql } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { builtOncePer } from '~/db/queries/prepared';
import { type ProjectRole, projectMembers, projects } from '~/db/schema';
import { forbidden, notFound } from './errors';
import { type Actor, mayOnProject, type ProjectPermission } from './policy/roles';

const rolesQuery = builtOncePer((conn) =>
  conn
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, sql.placeholder('projectId')), eq(projectMembers.userId, sql.placeholder('userId'))))
    .prepare(),
);
const projectQuery = builtOncePer((conn) =>
  conn
    .select()
    .from(projects)
    .where(eq(projects.id, sql.placeholder('projectId')))
    .prepare(),
);

export function rolesOn(conn: Conn, userId: number, projectId: number): ProjectRole[] {
  return rolesQuery(conn)
    .all({ projectId, userId })
    .map((r) => r.role);
}

export function isPmSomewhere(conn: Conn, userId: number): boolean {
  return !!conn
    .select({ id: projectMembers.id })
    .from(projectMembers)
    .where(and(eq(projectMembers.userId, userId), eq(projectMembers.role, 'pm')))
    .get();
}

/**
 * The server-side check behind every project loader and action. A project the person cannot see is
 * answered as not found, so its existence does not leak.
 */
export function requireProjectPermission(conn: Conn, actor: Actor, projectId: number, permission: ProjectPermission) {
  const project = projectQuery(conn).get({ projectId });
  const roles = project ? rolesOn(conn, actor.id, projectId) : [];
  if (!project || !mayOnProject(actor, roles, 'project.view')) throw notFound('No such project, or it is not shared with you.');
  if (!mayOnProject(actor, roles, permission)) throw forbidden('Your role on this project does not allow this.');
  return { project, roles };
}

/**
 * A subject reached under a project's URL (a test case, a defect, a cycle, a parallel run, a milestone,
 * a requirement) must be of that project: otherwise it is not found there, checked in the command's
 * transaction before anything is written, so a request under the wrong URL changes nothing.
 */
export function inProject<T extends { projectId: number }>(subject: T | undefined | null, projectId: number, message: string): T {
  if (!subject || subject.projectId !== projectId) throw notFound(message);
  return subject;
}
