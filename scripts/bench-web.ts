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
import { createProject } from '~/workflows/commands/create-project';
import { importRequirements } from '~/workflows/commands/import-requirements';
import { logRaidItem } from '~/workflows/commands/log-raid-item';
import { publishStatusReport } from '~/workflows/commands/publish-status-report';
import { writeStatusReport } from '~/workflows/commands/write-status-report';
import { signIn, startPortal } from '../test/support/server';

/**
 * `npm run bench:web`: the requirements grid at 5,000 requirements, and the portfolio at 200 projects.
 * Builds the register through the import command and the projects through the commands a PM uses
 * (each with overdue RAID items and four published weekly reports), starts the built portal, and times
 * page requests at the server. The portfolio is also measured against the plain project list of the
 * same 200 projects in the same run, so the ratio holds on a faster or slower machine.
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

const portfolioSize = 200;
const pmActor = toActor(db.select().from(users).where(eq(users.email, 'pm@demo.test')).get()!);
const existingProjects = db.select().from(projects).all().length;
const builtAt = performance.now();
const methodologyKeys = ['SALE', 'E3', 'RECOVERY'];
const reportDays = ['2026-11-06', '2026-11-13', '2026-11-20', '2026-11-27'];
for (let i = existingProjects; i < portfolioSize; i++) {
  const day = (d: string) => ({ db, actor: pmActor, now: new Date(`${d}T10:00:00Z`) });
  const month = String(1 + (i % 9)).padStart(2, '0');
  const project = createProject(day(`2026-${month}-01`), {
    name: `Portfolio project ${i + 1}`,
    client: `Client ${i % 40}`,
    methodologyKey: methodologyKeys[i % methodologyKeys.length]!,
    startDate: `2026-${month}-01`,
    targetDate: `2027-${month}-01`,
  });
  for (let r = 0; r < 1 + (i % 4); r++)
    logRaidItem(day('2026-11-02'), {
      projectId: project.id,
      type: 'action',
      title: `Follow-up ${r + 1}`,
      ownerId: String(pmActor.id),
      dueDate: `2026-11-${10 + r * 5}`,
    });
  for (const [w, d] of reportDays.entries()) {
    const report = writeStatusReport(day(d), { projectId: project.id, period: `Week ${45 + w}`, summary: 'Weekly status for the steering committee.' });
    publishStatusReport(day(d), { projectId: project.id, reportId: report.id });
  }
}
console.log(`built ${portfolioSize - existingProjects} projects (total ${portfolioSize}) in ${Math.round(performance.now() - builtAt)} ms`);
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

  // The portfolio: the first request after start computes every project's status; later ones read the
  // statuses kept per project; after a change in one project only that one is computed again.
  const first = await time('/portfolio.data');
  const portfolioData: number[] = [];
  const portfolioPages: number[] = [];
  const projectList: number[] = [];
  const afterChange: number[] = [];
  for (let i = 0; i < runs; i++) {
    portfolioData.push(await time('/portfolio.data'));
    portfolioPages.push(await time('/portfolio'));
    projectList.push(await time('/projects.data'));
  }
  const raidOf = (n: number) => `/projects/${n}/raid`;
  for (let i = 0; i < 10; i++) {
    // A PM logs a RAID item on one project (a change of state: its status is computed again).
    const projectId = existingProjects + 1 + i;
    const res = await pm.post(raidOf(projectId), {
      intent: 'log',
      type: 'action',
      title: `Bench change ${i}`,
      ownerId: String(pmActor.id),
      dueDate: '2026-11-01',
    });
    if (res.status >= 400) throw new Error(`logging a RAID item: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    afterChange.push(await time('/portfolio.data'));
  }
  console.log(`portfolio (${portfolioSize} projects): first request after start ${fmt(first)} ms (every status computed)`);
  console.log(`portfolio data request: median ${fmt(median(portfolioData))} ms, p95 ${fmt(p95(portfolioData))} ms`);
  console.log(`portfolio document request: median ${fmt(median(portfolioPages))} ms, p95 ${fmt(p95(portfolioPages))} ms`);
  console.log(`portfolio after a change in one project: median ${fmt(median(afterChange))} ms`);
  console.log(`reference, the project list of the same projects: median ${fmt(median(projectList))} ms`);
  console.log(
    `portfolio-bench: projects=${portfolioSize} runs=${runs} first_ms=${fmt(first)} data_ms_median=${fmt(median(portfolioData))} data_ms_p95=${fmt(p95(portfolioData))} page_ms_median=${fmt(median(portfolioPages))} page_ms_p95=${fmt(p95(portfolioPages))} after_change_ms_median=${fmt(median(afterChange))} list_ms_median=${fmt(median(projectList))} ratio_to_list=${(median(portfolioData) / median(projectList)).toFixed(2)} target_ms=150`,
  );
} finally {
  await portal.stop();
}
