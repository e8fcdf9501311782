import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';

/** A new in-memory database with every migration applied: each test starts from nothing. */
export function freshDb() {
  const db = openDatabase(':memory:');
  applyMigrations(db);
  return db;
}
