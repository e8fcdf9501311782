import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { passwordThrottles, projectMembers, projects, sessions, users, vendorFirms } from '../schema';

export function listPeople(conn: Conn) {
  return conn
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      title: users.title,
      isAdmin: users.isAdmin,
      vendorFirm: vendorFirms.name,
      /** The latest end of a lock on the person: sign-in with their email from some address, or signing. */
      lockedUntil: sql<
        string | null
      >`(select max(${passwordThrottles.lockedUntil}) from ${passwordThrottles} where (${passwordThrottles.scope} = 'sign_in' and ${passwordThrottles.subject} = lower(${users.email})) or (${passwordThrottles.scope} = 'signing' and ${passwordThrottles.subject} = cast(${users.id} as text)))`,
      createdAt: users.createdAt,
      mustChangePassword: users.mustChangePassword,
      /** When they last signed in (a session started), or null. */
      lastSignIn: sql<string | null>`(select max(${sessions.createdAt}) from ${sessions} where ${sessions.userId} = ${users.id})`,
      /** Their projects and roles, "Northwind: Project manager" style input: "project|role" pairs joined by newlines. */
      memberships: sql<
        string | null
      >`(select group_concat(${projects.name} || '|' || ${projectMembers.role}, char(10)) from ${projectMembers} join ${projects} on ${projects.id} = ${projectMembers.projectId} where ${projectMembers.userId} = ${users.id})`,
    })
    .from(users)
    .leftJoin(vendorFirms, eq(vendorFirms.id, users.vendorFirmId))
    .orderBy(asc(users.name))
    .all();
}

export function personDetail(conn: Conn, userId: number) {
  const person = listPeople(conn).find((p) => p.id === userId);
  if (!person) return null;
  const memberships = conn
    .select({ projectId: projects.id, project: projects.name, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(eq(projectMembers.userId, userId))
    .all();
  return { ...person, memberships };
}

/** Everyone who can be added to a project, with their vendor firm if external. */
export function peopleDirectory(conn: Conn) {
  return conn
    .select({ id: users.id, name: users.name, email: users.email, vendorFirm: vendorFirms.name })
    .from(users)
    .leftJoin(vendorFirms, eq(vendorFirms.id, users.vendorFirmId))
    .orderBy(asc(users.name))
    .all();
}

/** People of the consultancy and the client (no vendor firm): who may be named a project's PM. */
export function internalPeople(conn: Conn) {
  return conn.select({ id: users.id, name: users.name }).from(users).where(isNull(users.vendorFirmId)).orderBy(asc(users.name)).all();
}

/** People's names by id (those asked for that exist). */
export function namesOf(conn: Conn, userIds: number[]): Map<number, string> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  return new Map(
    conn
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, ids))
      .all()
      .map((u) => [u.id, u.name]),
  );
}
