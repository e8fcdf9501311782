import { count } from 'drizzle-orm';
import type { DB } from '../client';
import { auditLog, projects, users } from '../schema';

/** Is the database open and migrated: journal mode, migrations applied, and a few row counts. */
export function databaseHealth(db: DB) {
  const sqlite = db.$client;
  const migrations = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return {
    state: 'ok' as const,
    journalMode: sqlite.pragma('journal_mode', { simple: true }),
    migrationsApplied: migrations.n,
    users: db.select({ n: count() }).from(users).get()?.n ?? 0,
    projects: db.select({ n: count() }).from(projects).get()?.n ?? 0,
    auditRows: db.select({ n: count() }).from(auditLog).get()?.n ?? 0,
  };
}
