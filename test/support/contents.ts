import { openDatabase } from '~/db/client';
import type { Portal } from './server';

/**
 * Every row of every table of a portal's database as it is now, so "nothing stored" covers every table
 * and every column, not only the audit log. Sessions and the password throttle's counts are the
 * signing-in's bookkeeping, not the attempt's, and are left out.
 */
export function contents(portal: Portal): string {
  const db = openDatabase(portal.dbPath);
  try {
    const tables = db.$client
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name NOT IN ('sessions', 'password_throttles') ORDER BY name",
      )
      .all() as { name: string }[];
    return JSON.stringify(tables.map(({ name }) => [name, db.$client.prepare(`SELECT * FROM "${name}"`).all()]));
  } finally {
    db.$client.close();
  }
}
