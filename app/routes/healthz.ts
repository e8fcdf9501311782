import { count } from 'drizzle-orm';
import { getDb } from '~/db/client';
import { auditLog, projects, users } from '~/db/schema';

/** For load balancers and people: is the app up, and is its database open and migrated? */
export function loader() {
  try {
    const db = getDb();
    const sqlite = db.$client;
    const migrations = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    return Response.json({
      status: 'ok',
      database: {
        state: 'ok',
        journalMode: sqlite.pragma('journal_mode', { simple: true }),
        migrationsApplied: migrations.n,
        users: db.select({ n: count() }).from(users).get()?.n ?? 0,
        projects: db.select({ n: count() }).from(projects).get()?.n ?? 0,
        auditRows: db.select({ n: count() }).from(auditLog).get()?.n ?? 0,
      },
    });
  } catch (error) {
    return Response.json(
      { status: 'error', database: { state: 'unavailable', message: error instanceof Error ? error.message : String(error) } },
      { status: 503 },
    );
  }
}
