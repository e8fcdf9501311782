import { existsSync } from 'node:fs';
import { defaultDatabasePath, openDatabase } from '~/db/client';
import { verifyAuditChain } from '~/workflows/audit';

/** `npm run audit:verify`: checks the audit hash chain; exits 1 and names the first broken row. */
const path = process.argv[2] || process.env.DATABASE_PATH || defaultDatabasePath;
if (!existsSync(path)) {
  console.error(`No database at ${path}. Pass a path or set DATABASE_PATH.`);
  process.exit(2);
}
const report = verifyAuditChain(openDatabase(path));
if (report.ok) {
  console.log(`audit chain intact: ${report.rows} rows checked in ${path}`);
} else {
  console.error(`audit chain BROKEN at row ${report.brokenRowId}: ${report.reason}`);
  process.exit(1);
}
