import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { seedDemo } from '~/seeds/demo';

/** A new in-memory database with every migration applied: each test starts from nothing. */
export function freshDb() {
  const db = openDatabase(':memory:');
  applyMigrations(db);
  return db;
}

let seeded: Promise<{ image: Buffer; demo: Awaited<ReturnType<typeof seedDemo>> }> | undefined;

/**
 * A private copy of the demo database. The demo is seeded once per test file (through the real
 * commands, with real password hashing) and each test gets its own copy of the result.
 */
export async function seededDb() {
  seeded ??= (async () => {
    const db = freshDb();
    const demo = await seedDemo(db);
    return { image: db.$client.serialize(), demo };
  })();
  const { image, demo } = await seeded;
  return { db: openDatabase(image), demo };
}
