import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { seedDemo } from '~/seeds/demo';

/** What the tests receive (inject('demoDatabase')): the seeded file and the ids seedDemo returned. */
export type DemoDatabase = {
  /** A demo database as `npm start` seeds it (migrated, seeded). Copy it: never open it for writing. */
  path: string;
  people: Record<string, number>;
  projects: Record<string, number>;
};

declare module 'vitest' {
  export interface ProvidedContext {
    demoDatabase: DemoDatabase;
  }
}

type Built = { dir: string; database: DemoDatabase; users: number };
const key = Symbol.for('spm-portal.demo-database');
const shared = globalThis as { [key]?: Promise<Built> };

async function build(): Promise<Built> {
  // The portal's start bundle is built once here, not by the first portals the tests start side by side.
  const bundled = spawnSync(process.execPath, ['scripts/start-cli.mjs', '--build'], { stdio: 'inherit' });
  if (bundled.status !== 0) throw new Error('could not build the start bundle (node scripts/start-cli.mjs --build)');
  const dir = mkdtempSync(path.join(tmpdir(), 'spm-demo-seed-'));
  const file = path.join(dir, 'demo.sqlite');
  const db = openDatabase(':memory:');
  applyMigrations(db);
  const demo = await seedDemo(db);
  writeFileSync(file, db.$client.serialize());
  db.$client.close();
  const ids = (o: Record<string, { id: number }>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.id]));
  return { dir, database: { path: file, people: ids(demo.people), projects: ids(demo.projects) }, users: 0 };
}

/**
 * Vitest global setup: seeds the demo database once per test run (through the real commands, as
 * `npm start` does) into a temporary file. Integration tests open a private in-memory copy of it
 * (test/support/db.ts `seededDb`); started portals run on a private file copy (test/support/server.ts).
 * Vitest runs this once for the root project and once for each project that inherits it, in the same
 * process: the first call seeds, the others reuse it, and the last teardown removes the folder (with
 * the copies started portals ran on).
 */
export default async function setup(project: TestProject) {
  shared[key] ??= build();
  const built = await shared[key];
  built.users += 1;
  project.provide('demoDatabase', built.database);
  return () => {
    built.users -= 1;
    if (built.users === 0) {
      rmSync(built.dir, { recursive: true, force: true });
      delete shared[key];
    }
  };
}
