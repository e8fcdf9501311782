import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { DB } from './client';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export function applyMigrations(db: DB): void {
  migrate(db, { migrationsFolder });
}
