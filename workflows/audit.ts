import { createHash } from 'node:crypto';
import { asc, desc } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { auditLog } from '~/db/schema';
import type { AuditAction, AuditSubject } from './audit-catalogue';

export type AuditEntry = {
  at: Date;
  actor: { id: number | null; name: string };
  projectId?: number | null;
  action: AuditAction;
  subjectType: AuditSubject;
  subjectId: string | number;
  fromState?: string | null;
  toState?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: string;
};

type AuditRow = typeof auditLog.$inferSelect;
export const genesisHash = '0'.repeat(64);

/** The hash covers every column but the hash itself, in a fixed order, chained to the previous row. */
export function auditRowHash(row: Omit<AuditRow, 'hash'>): string {
  const content = [
    row.id,
    row.at,
    row.actorId,
    row.actorName,
    row.projectId,
    row.action,
    row.subjectType,
    row.subjectId,
    row.fromState,
    row.toState,
    row.before,
    row.after,
    row.detail,
    row.prevHash,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const asJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends one audit row inside the caller's transaction: if the change rolls back, so does its audit. */
export function emitAudit(tx: Tx, entry: AuditEntry): AuditRow {
  const last = tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  const unhashed = {
    id: (last?.id ?? 0) + 1,
    at: entry.at.toISOString(),
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    projectId: entry.projectId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    fromState: entry.fromState ?? null,
    toState: entry.toState ?? null,
    before: asJson(entry.before),
    after: asJson(entry.after),
    detail: entry.detail ?? '',
    prevHash: last?.hash ?? genesisHash,
  };
  const row = { ...unhashed, hash: auditRowHash(unhashed) };
  tx.insert(auditLog).values(row).run();
  return row;
}

export type ChainReport = { ok: true; rows: number } | { ok: false; rows: number; brokenRowId: number; reason: string };

/** Walks the whole chain in id order and names the first row whose content or link does not hold. */
export function verifyAuditChain(db: Conn): ChainReport {
  let prevHash = genesisHash;
  let expectedId = 1;
  let count = 0;
  for (const row of db.select().from(auditLog).orderBy(asc(auditLog.id)).all()) {
    count++;
    const { hash, ...rest } = row;
    if (row.id !== expectedId) return { ok: false, rows: count, brokenRowId: row.id, reason: `row ${expectedId} is missing before row ${row.id}` };
    if (row.prevHash !== prevHash) return { ok: false, rows: count, brokenRowId: row.id, reason: `row ${row.id} does not link to the row before it` };
    if (auditRowHash(rest) !== hash) return { ok: false, rows: count, brokenRowId: row.id, reason: `row ${row.id} was changed after it was written` };
    prevHash = hash;
    expectedId++;
  }
  return { ok: true, rows: count };
}
