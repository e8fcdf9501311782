import { createHmac } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { asc, desc } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { auditLog } from '~/db/schema';
import type { AuditAction, AuditSubject } from './audit-catalogue';
import { type AuditConfig, auditConfig } from './audit-key';
import { nowOf } from './clock';

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
const genesisHash = '0'.repeat(64);

/**
 * The row's MAC: an HMAC with the audit key (kept outside the database) over every column but the
 * hash itself, in a fixed order, chained to the previous row. Without the key, no one can write a row
 * that verifies: not an appended one, not a rewritten one.
 */
export function auditRowHash(row: Omit<AuditRow, 'hash'>, key: Buffer): string {
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
  return createHmac('sha256', key).update(JSON.stringify(content)).digest('hex');
}

const asJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends one audit row inside the caller's transaction: if the change rolls back, so does its audit. */
export function emitAudit(tx: Tx, entry: AuditEntry): AuditRow {
  const { key } = auditConfig();
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
  const row = { ...unhashed, hash: auditRowHash(unhashed, key) };
  tx.insert(auditLog).values(row).run();
  return row;
}

/** The chain's length and last hash at a moment, kept outside the chain (a line of the anchor file). */
export type AuditAnchor = { at: string; rows: number; head: string };

export function readAnchors(file: string | null): AuditAnchor[] {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const a = JSON.parse(line) as Partial<AuditAnchor>;
      if (typeof a.at !== 'string' || typeof a.rows !== 'number' || typeof a.head !== 'string') throw new Error(`${file} line ${i + 1} is not an anchor`);
      return { at: a.at, rows: a.rows, head: a.head };
    });
}

/**
 * Appends the chain's head to the anchor file (after a gate approval, at start and on a schedule), when
 * it moved since the last anchor. Call it after the transaction that wrote the rows committed.
 */
export function anchorAuditHead(db: Conn, at = nowOf(), config: AuditConfig = auditConfig()): AuditAnchor | null {
  if (!config.anchorFile) return null;
  const head = db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  if (!head) return null;
  const last = readAnchors(config.anchorFile).at(-1);
  if (last?.rows === head.id && last.head === head.hash) return last;
  const anchor = { at: at.toISOString(), rows: head.id, head: head.hash };
  appendFileSync(config.anchorFile, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

export type ChainReport = { ok: true; rows: number; anchors: number } | { ok: false; rows: number; brokenRowId: number; reason: string; missingRows?: number };

/**
 * Walks the whole chain in id order and names the first row whose content, link or MAC does not hold;
 * then holds it against every anchor, so rows cut off the end (which leave a chain that holds) show as
 * missing, and a chain rebuilt from some row on shows where it differs from what was anchored.
 */
export function verifyAuditChain(db: Conn, config: AuditConfig = auditConfig()): ChainReport {
  let prevHash = genesisHash;
  let expectedId = 1;
  let count = 0;
  const hashes: string[] = [];
  for (const row of db.select().from(auditLog).orderBy(asc(auditLog.id)).all()) {
    count++;
    const { hash, ...rest } = row;
    if (row.id !== expectedId) return { ok: false, rows: count, brokenRowId: row.id, reason: `row ${expectedId} is missing before row ${row.id}` };
    if (row.prevHash !== prevHash) return { ok: false, rows: count, brokenRowId: row.id, reason: `row ${row.id} does not link to the row before it` };
    if (auditRowHash(rest, config.key) !== hash)
      return { ok: false, rows: count, brokenRowId: row.id, reason: `row ${row.id} was changed or added without the audit key` };
    hashes.push(hash);
    prevHash = hash;
    expectedId++;
  }
  const anchors = readAnchors(config.anchorFile);
  for (const anchor of anchors) {
    if (anchor.rows > count)
      return {
        ok: false,
        rows: count,
        brokenRowId: count + 1,
        missingRows: anchor.rows - count,
        reason: `${anchor.rows - count} rows are missing since the anchor of ${anchor.at} (it recorded ${anchor.rows} rows, the chain has ${count})`,
      };
    if (hashes[anchor.rows - 1] !== anchor.head)
      return {
        ok: false,
        rows: count,
        brokenRowId: anchor.rows,
        reason: `row ${anchor.rows} differs from the anchor of ${anchor.at}: the chain was rewritten`,
      };
  }
  return { ok: true, rows: count, anchors: anchors.length };
}
