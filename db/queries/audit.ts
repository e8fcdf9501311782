import { and, asc, count, desc, eq, gte, like, lte, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { auditLog, projects } from '../schema';

export type AuditFilter = {
  projectId?: number;
  actor?: string;
  action?: string;
  subjectType?: string;
  from?: string;
  to?: string;
  limit?: number;
};

function whereOf(f: AuditFilter) {
  const where: SQL[] = [];
  if (f.projectId !== undefined) where.push(eq(auditLog.projectId, f.projectId));
  if (f.actor) where.push(like(auditLog.actorName, `%${f.actor}%`));
  if (f.action) where.push(like(auditLog.action, `${f.action}%`));
  if (f.subjectType) where.push(eq(auditLog.subjectType, f.subjectType));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, `${f.to}T23:59:59.999Z`));
  return and(...where);
}

/** The most rows one page of the audit trail shows. */
export const maxAuditPageSize = 100;

/**
 * One page of audit rows narrowed by the filters, newest first (or oldest first), with the name of the
 * project each is about and how many rows match in all: the audit log grows without end, so a page
 * never reads more than its own rows.
 */
export function auditPage(conn: Conn, f: AuditFilter & { page: number; pageSize: number; oldestFirst?: boolean }) {
  const pageSize = Math.min(Math.max(Math.trunc(f.pageSize), 1), maxAuditPageSize);
  const where = whereOf(f);
  const total = conn.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const pages = Math.max(Math.ceil(total / pageSize), 1);
  const page = Math.min(Math.max(Math.trunc(f.page), 1), pages);
  const rows = conn
    .select({ entry: auditLog, projectName: projects.name })
    .from(auditLog)
    .leftJoin(projects, eq(projects.id, auditLog.projectId))
    .where(where)
    .orderBy(f.oldestFirst ? asc(auditLog.id) : desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { rows: rows.map((r) => ({ ...r.entry, projectName: r.projectName })), total, page, pageSize };
}

/** Audit rows, newest first, narrowed by the filters a person chose on the audit page. */
export function auditEntries(conn: Conn, f: AuditFilter) {
  return conn
    .select()
    .from(auditLog)
    .where(whereOf(f))
    .orderBy(desc(auditLog.id))
    .limit(f.limit ?? 5000)
    .all();
}

export function auditActions(conn: Conn, projectId?: number) {
  return conn
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(projectId === undefined ? undefined : eq(auditLog.projectId, projectId))
    .all()
    .map((r) => r.action)
    .sort();
}

/** The projects an administrator may narrow the global audit trail to, by name (at most 1,000). */
export function auditProjectChoices(conn: Conn) {
  return conn.select({ id: projects.id, name: projects.name }).from(projects).orderBy(asc(projects.name)).limit(1000).all();
}
