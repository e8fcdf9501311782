import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { projects, users } from '~/db/schema';
import { demoPassword, seedIfEmpty } from '~/seeds/demo';
import { toActor } from '~/workflows/auth/actor';
import { importRequirements } from '~/workflows/commands/import-requirements';
import { signIn, startPortal } from '../test/support/server';

/**
 * `npm run bench:web`: the requirements grid at 5,000 requirements. Builds the register through the
 * import command, starts the built portal, and times filtered, sorted page requests at the server.
 */
const count = 5000;
const runs = 40;
// A throwaway audit key for the benchmark's database, shared with the portal it starts.
process.env.AUDIT_KEY ||= randomBytes(32).toString('hex');
const dbPath = path.join(mkdtempSync(path.join(tmpdir(), 'bench-web-')), 'portal.sqlite');
const db = openDatabase(dbPath);
applyMigrations(db);
await seedIfEmpty(db);
const northwind = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!;
const analyst = toActor(db.select().from(users).where(eq(users.email, 'analyst@demo.test')).get()!);
const categories = ['plan design', 'crediting', 'quotas and territories', 'data integration', 'reporting and dashboards', 'payments'];
const priorities = ['must', 'should', 'could', "won't"];
const existing = db.$client.prepare('SELECT count(*) AS n FROM requirements WHERE project_id = ?').get(northwind.id) as { n: number };
const rows = Array.from({ length: count - existing.n }, (_, i) =>
  [
    `"Generated requirement ${i + 1}: ${categories[i % categories.length]} rule for region ${i % 37}"`,
    `"Detail of generated requirement ${i + 1}, about bookings, quotas and payouts."`,
    categories[i % categories.length],
    priorities[i % priorities.length],
    i % 3 === 0 ? 'finance@demo.test' : 'stakeholder@demo.test',
    ['scope', 'architect', 'launch'][i % 3],
    '"Criterion one | Criterion two"',
    '',
  ].join(','),
);
const started = performance.now();
await importRequirements(
  { db, actor: analyst },
  { projectId: northwind.id, csv: ['title,description,category,priority,owner_email,phase,acceptance_criteria,links', ...rows].join('\n') },
);
console.log(`imported ${rows.length} requirements (total ${count}) in ${Math.round(performance.now() - started)} ms`);
db.$client.close();

const portal = await startPortal({ dbPath });
try {
  const pm = await signIn(portal, 'pm@demo.test', demoPassword);
  const queries = [
    'priority=must&sort=title&desc=1',
    'category=payments&sort=owner&page=3',
    'q=region%2012&sort=updated&desc=1',
    'status=draft&sort=priority&page=10',
  ];
  const base = `/projects/${northwind.id}/requirements`;
  const time = async (url: string) => {
    const t = performance.now();
    const res = await pm.get(url);
    await res.text();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    return performance.now() - t;
  };
  for (const q of queries) await time(`${base}.data?${q}`); // warm up
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const p95 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
  const data: number[] = [];
  const documents: number[] = [];
  for (let i = 0; i < runs; i++) {
    const q = queries[i % queries.length]!;
    data.push(await time(`${base}.data?${q}`));
    documents.push(await time(`${base}?${q}`));
  }
  const fmt = (n: number) => n.toFixed(1);
  console.log(`data request (client navigation): median ${fmt(median(data))} ms, p95 ${fmt(p95(data))} ms`);
  console.log(`document request (full page render): median ${fmt(median(documents))} ms, p95 ${fmt(p95(documents))} ms`);
  console.log(
    `web-bench: requirements=${count} runs=${runs} data_ms_median=${fmt(median(data))} data_ms_p95=${fmt(p95(data))} page_ms_median=${fmt(median(documents))} page_ms_p95=${fmt(p95(documents))} target_ms=150`,
  );
} finally {
  await portal.stop();
}
