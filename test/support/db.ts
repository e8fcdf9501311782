import { readFileSync } from 'node:fs';
import { inArray } from 'drizzle-orm';
import { inject } from 'vitest';
import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { projects, users } from '~/db/schema';
import type { seedDemo } from '~/seeds/demo';
import { toActor } from '~/workflows/auth/actor';

/** A new in-memory database with every migration applied: each test starts from nothing. */
export function freshDb() {
  const db = openDatabase(':memory:');
  applyMigrations(db);
  openedInThisFile.push(db);
  return db;
}

/** Every database a test of this file opened: test/support/audit-catalogue.ts reads their audit rows after the file. */
export const openedInThisFile: ReturnType<typeof openDatabase>[] = [];

type Demo = Awaited<ReturnType<typeof seedDemo>>;

let image: Buffer | undefined;

/**
 * A private in-memory copy of the demo database, and the people and projects seedDemo returned, read
 * back from the copy. The demo is seeded once per test run, through the real commands, in vitest's
 * global setup (test/support/global-setup.ts); a test may change its copy freely.
 */
export async function seededDb(): Promise<{ db: ReturnType<typeof openDatabase>; demo: Demo }> {
  const seeded = inject('demoDatabase');
  image ??= readFileSync(seeded.path);
  const db = openDatabase(image);
  openedInThisFile.push(db);
  const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const people = byId(
    db
      .select()
      .from(users)
      .where(inArray(users.id, Object.values(seeded.people)))
      .all(),
  );
  const rows = byId(
    db
      .select()
      .from(projects)
      .where(inArray(projects.id, Object.values(seeded.projects)))
      .all(),
  );
  const demo = {
    people: Object.fromEntries(Object.entries(seeded.people).map(([key, id]) => [key, toActor(people.get(id)!)])),
    projects: Object.fromEntries(Object.entries(seeded.projects).map(([key, id]) => [key, rows.get(id)!])),
  } as Demo;
  return { db, demo };
}
