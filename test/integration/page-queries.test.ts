import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sessionCookieFor } from '~/app/auth/session.server';
import { getDb } from '~/db/client';
import { startSession } from '~/workflows/auth/sessions';
import { importRequirements } from '~/workflows/commands/import-requirements';
import { forgetKeptStatuses } from '~/workflows/status/view';

/**
 * The main pages' loaders read the database a fixed number of times, whatever the project holds: the
 * count is measured on the demo, then again after 300 more requirements, and must not grow.
 */
type Loader = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>;
let statements = 0;
let cookie = '';
let projectId = 0;
let cycleId = 0;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'page-queries-'));
  process.env.DATABASE_PATH = path.join(dir, 'portal.sqlite');
  copyFileSync(inject('demoDatabase').path, process.env.DATABASE_PATH);
  const db = getDb();
  // Count every execution of a statement the app prepares through the client (a compiled statement is
  // reused across requests, so counting compilations would miss the queries built once).
  const prepare = db.$client.prepare.bind(db.$client);
  const counted = new WeakSet<object>();
  db.$client.prepare = ((source: string) => {
    const stmt = prepare(source);
    if (!counted.has(stmt)) {
      counted.add(stmt);
      for (const method of ['get', 'all', 'run', 'iterate'] as const) {
        const original = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
        (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          statements++;
          return original(...args);
        };
      }
    }
    return stmt;
  }) as typeof db.$client.prepare;
  const pm = db.$client.prepare("SELECT id, name, is_admin AS isAdmin, vendor_firm_id AS vendorFirmId FROM users WHERE email = 'pm@demo.test'").get() as {
    id: number;
    name: string;
    isAdmin: number;
    vendorFirmId: number | null;
  };
  cookie = (await sessionCookieFor(startSession({ db, actor: { ...pm, isAdmin: !!pm.isAdmin }, userAgent: 'test' }))).split(';')[0]!;
  projectId = (db.$client.prepare("SELECT id FROM projects WHERE name LIKE 'Northwind%'").get() as { id: number }).id;
  cycleId = (db.$client.prepare('SELECT id FROM test_cycles WHERE project_id = ? ORDER BY id LIMIT 1').get(projectId) as { id: number }).id;
});

async function statementsOf(load: Loader, url: string, params: Record<string, string>) {
  const before = statements;
  await load({ request: new Request(`http://portal.test${url}`, { headers: { Cookie: cookie } }), params, context: {} });
  return statements - before;
}

const pages = async () => {
  // Counted from no kept status, so a page pays for every status it shows (the worst case).
  forgetKeptStatuses();
  const project = await import('~/app/routes/project');
  const register = await import('~/app/routes/requirements');
  const cycle = await import('~/app/routes/test-cycle');
  const home = await import('~/app/routes/home');
  const p = String(projectId);
  return {
    project: await statementsOf(project.loader as Loader, `/projects/${p}`, { projectId: p }),
    requirements: await statementsOf(register.loader as Loader, `/projects/${p}/requirements`, { projectId: p }),
    cycle: await statementsOf(cycle.loader as Loader, `/projects/${p}/testing/cycles/${cycleId}`, { projectId: p, cycleId: String(cycleId) }),
    myWork: await statementsOf(home.loader as Loader, '/', {}),
  };
};

describe('main pages read the database a fixed number of times', () => {
  it('whatever the number of requirements', async () => {
    const demo = await pages();
    const analyst = getDb().$client.prepare("SELECT id, name FROM users WHERE email = 'analyst@demo.test'").get() as { id: number; name: string };
    const owner = 'stakeholder@demo.test';
    const csv = [
      'title,description,category,priority,owner_email,phase,acceptance_criteria',
      ...Array.from({ length: 300 }, (_, i) => `Generated rule ${i + 1} for the register,Text,crediting,should,${owner},launch,It holds`),
    ].join('\n');
    await importRequirements({ db: getDb(), actor: { id: analyst.id, name: analyst.name, isAdmin: false, vendorFirmId: null } }, { projectId, csv });
    const bigger = await pages();
    console.log(`statements per page (demo, +300 requirements): ${JSON.stringify(demo)} ${JSON.stringify(bigger)}`);
    expect(bigger).toEqual(demo);
    // The project page also computes the eleven status rules (issue 14), each reading its own signal once;
    // My work then computes the status of the two other projects it lists (the project page kept Northwind's).
    const bound: Record<string, number> = { project: 45, requirements: 30, cycle: 30, myWork: 30 + 2 * 35 };
    for (const [page, n] of Object.entries(demo)) expect(n, page).toBeLessThan(bound[page]!);
  });
});
