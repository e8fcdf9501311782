import { and, desc, eq, gte, like, lte, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { auditLog } from '../schema';

export type AuditFilter = { projectId?: number; actor?: string; action?: string; from?: string; to?: string; limit?: number };

/** Audit rows, newest first, narrowed by the filters a person chose on the audit page. */
export function auditEntries(conn: Conn, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.projectId !== undefined) where.push(eq(auditLog.projectId, f.projectId));
  if (f.actor) where.push(like(auditLog.actorName, `%${f.actor}%`));
  if (f.action) where.push(like(auditLog.action, `${f.action}%`));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, `${f.to}T23:59:59.999Z`));
  return conn
    .select()
    .from(auditLog)
    .where(and(...where))
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
