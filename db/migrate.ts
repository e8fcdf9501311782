import path from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { DB } from './client';

// From the working directory, as the server finds build/ and the job worker: a bundled module
// (scripts/start-cli.mjs) has no path of its own to find the folder from.
const migrationsFolder = path.resolve('db/migrations');

/**
 * Applies pending migrations. A migration that adds a constraint rebuilds its table (SQLite cannot
 * alter one), so foreign keys are off while they run, as SQLite's documented procedure asks (the
 * migrator's own transaction makes the PRAGMAs inside the files no-ops), and checked before they are on again.
 */
export function applyMigrations(db: DB): void {
  db.$client.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder });
    const broken = db.$client.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`Migration left ${broken.length} broken foreign key(s): ${JSON.stringify(broken.slice(0, 5))}`);
  } finally {
    db.$client.pragma('foreign_keys = ON');
  }
}
