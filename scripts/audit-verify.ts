import { existsSync, readFileSync } from 'node:fs';
import { defaultDatabasePath, openDatabase } from '~/db/client';
import { verifyAuditChain } from '~/workflows/audit';
import { auditAnchorFileFor, auditKeyFileFor, parseAuditKey } from '~/workflows/audit-key';

/**
 * `npm run audit:verify [db-file]`: checks the audit chain of a database with its key (AUDIT_KEY, or
 * .audit-key beside the file) against its anchors (AUDIT_ANCHOR_FILE, or audit-anchors.jsonl beside
 * it). Exits 1 naming the first bad row, or how many rows are missing since the last anchor.
 */
const path = process.argv[2] || process.env.DATABASE_PATH || defaultDatabasePath;
if (!existsSync(path)) {
  console.error(`No database at ${path}. Pass a path or set DATABASE_PATH.`);
  process.exit(2);
}
const keyFile = auditKeyFileFor(path);
const keyText = process.env.AUDIT_KEY || (existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : '');
if (!keyText) {
  console.error(`No audit key: set AUDIT_KEY or keep it in ${keyFile}. The chain can only be verified with the key it was written with.`);
  process.exit(2);
}
const anchorFile = process.env.AUDIT_ANCHOR_FILE || auditAnchorFileFor(path);
const report = verifyAuditChain(openDatabase(path), { key: parseAuditKey(keyText), anchorFile });
if (report.ok) {
  console.log(`audit chain intact: ${report.rows} rows checked in ${path}, against ${report.anchors} anchor(s) in ${anchorFile}`);
} else {
  console.error(`audit chain BROKEN at row ${report.brokenRowId}: ${report.reason}`);
  process.exit(1);
}
