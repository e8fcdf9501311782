import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The audit chain's secret key and its anchor file. Neither lives in the database: whoever holds the
 * database file alone can neither extend the chain with rows that verify nor cut rows off unnoticed.
 */
export type AuditConfig = { key: Buffer; anchorFile: string | null };

/** Beside the database file (as `.session-secret` is), never inside it. */
export const auditKeyFileFor = (databasePath: string) => path.join(path.dirname(path.resolve(databasePath)), '.audit-key');
export const auditAnchorFileFor = (databasePath: string) => path.join(path.dirname(path.resolve(databasePath)), 'audit-anchors.jsonl');

export function parseAuditKey(text: string): Buffer {
  const hex = text.trim();
  if (!/^([0-9a-f]{2}){32,}$/i.test(hex)) throw new Error('The audit key must be at least 64 hex characters (32 bytes), for example `openssl rand -hex 32`.');
  return Buffer.from(hex, 'hex');
}

let configured: AuditConfig | undefined;

/** Sets the key and anchor file for this process (a script verifying another database's chain). */
export function configureAudit(config: AuditConfig) {
  configured = config;
}

/**
 * This process's audit key and anchor file: AUDIT_KEY, else `.audit-key` beside DATABASE_PATH (which
 * `npm start` creates for the demo); AUDIT_ANCHOR_FILE, else `audit-anchors.jsonl` beside the database
 * (none for a database in memory). Without a key nothing can be audited, so nothing is written.
 */
export function auditConfig(): AuditConfig {
  if (configured) return configured;
  const databasePath = process.env.DATABASE_PATH;
  const keyFile = databasePath ? auditKeyFileFor(databasePath) : null;
  const keyText = process.env.AUDIT_KEY || (keyFile && existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : '');
  if (!keyText) throw new Error('No audit key: set AUDIT_KEY (64 hex characters) or keep one in .audit-key beside the database.');
  configured = {
    key: parseAuditKey(keyText),
    anchorFile: process.env.AUDIT_ANCHOR_FILE || (databasePath ? auditAnchorFileFor(databasePath) : null),
  };
  return configured;
}
