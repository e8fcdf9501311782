import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { projects, users } from '~/db/schema';
import { demoPassword, seedIfEmpty } from '~/seeds/demo';
import { commercialBankerPlan } from '~/seeds/northwind-plans';
import { toActor } from '~/workflows/auth/actor';
import { createPayoutCase } from '~/workflows/commands/create-payout-case';
import { createTestCycle } from '~/workflows/commands/create-test-cycle';
import { signIn, startPortal } from '../test/support/server';

/**
 * `npm run bench:cycle`: a cycle of 200 payout cases of 50 participants each, run case by case as
 * the cycle page does, while another person keeps loading a page; reports the run time and how long
 * that person waited.
 */
const caseCount = 200;
const participants = 50;
// A throwaway audit key for the benchmark's database, shared with the portal it starts.
process.env.AUDIT_KEY ||= randomBytes(32).toString('hex');
const dbPath = path.join(mkdtempSync(path.join(tmpdir(), 'bench-cycle-')), 'portal.sqlite');
const db = openDatabase(dbPath);
applyMigrations(db);
await seedIfEmpty(db);
const northwind = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!;
const tester = toActor(db.select().from(users).where(eq(users.email, 'tester@demo.test')).get()!);
const planId = db.$client.prepare('SELECT id FROM plans WHERE plan_key = ? AND project_id = ?').get(commercialBankerPlan.id, northwind.id) as { id: number };
const cycle = createTestCycle(
  { db, actor: tester },
  {
    projectId: northwind.id,
    name: 'Bench cycle',
    kind: 'system test',
    entryCriteria: 'bench',
    exitCriteria: 'bench',
    plannedStart: '2026-12-01',
    plannedEnd: '2026-12-31',
  },
);
const marginal = (bookings: number) => {
  const q = 1_000_000;
  return (Math.max(Math.min(bookings, q) - q / 2, 0) * 15 + Math.max(bookings - q, 0) * 25) / 1000;
};
const t0 = performance.now();
for (let c = 0; c < caseCount; c++) {
  const ids = Array.from({ length: participants }, (_, i) => `C${c}P${i}`);
  const bookings = ids.map((_, i) => 300_000 + ((i * 37_000 + c * 11_000) % 1_500_000));
  createPayoutCase(
    { db, actor: tester },
    {
      projectId: northwind.id,
      cycleId: cycle.id,
      title: `Bench case ${c + 1}`,
      planId: planId.id,
      period: '2026-Q1',
      participantsCsv: `participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\n${ids.map((id) => `${id},Banker ${id},NW-CB-2026,banker,,40000,,,USD`).join('\n')}\n`,
      quotasCsv: `participant_id,measure,period,quota\n${ids.map((id) => `${id},loan_bookings,2026-Q1,1000000`).join('\n')}\n`,
      transactionsCsv: `transaction_id,date,participant_id,amount,quantity,product,type,status,split\n${ids.map((id, i) => `T${id},2026-02-10,${id},${bookings[i]},1,loan,new,booked,`).join('\n')}\n`,
      expectedCsv: `participant_id,component_id,amount\n${ids.map((id, i) => `${id},loan_commission,${marginal(bookings[i]!).toFixed(2)}`).join('\n')}\n`,
    },
  );
}
console.log(`created ${caseCount} cases of ${participants} participants in ${Math.round(performance.now() - t0)} ms`);
const caseIds = (db.$client.prepare('SELECT id FROM test_cases WHERE cycle_id = ? ORDER BY id').all(cycle.id) as { id: number }[]).map((r) => r.id);
db.$client.close();

const portal = await startPortal({ dbPath });
try {
  const runner = await signIn(portal, 'tester@demo.test', demoPassword);
  const other = await signIn(portal, 'pm@demo.test', demoPassword);
  let running = true;
  const waits: number[] = [];
  const browsing = (async () => {
    while (running) {
      const t = performance.now();
      const res = await other.get(`/projects/${northwind.id}`);
      await res.text();
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const results = new Map<string, number>();
  const start = performance.now();
  for (const [i, id] of caseIds.entries()) {
    const res = await runner.post(`/projects/${northwind.id}/testing/cases/${id}/run`, {});
    const body = (await res.json()) as { result: string };
    results.set(body.result, (results.get(body.result) ?? 0) + 1);
    if ((i + 1) % 50 === 0) console.log(`progress: ${i + 1}/${caseIds.length}`);
  }
  const total = performance.now() - start;
  running = false;
  await browsing;
  waits.sort((a, b) => a - b);
  const p = (q: number) => waits[Math.min(Math.floor(waits.length * q), waits.length - 1)]!.toFixed(1);
  console.log(`results: ${[...results].map(([k, v]) => `${k}=${v}`).join(' ')}`);
  console.log(
    `cycle-bench: cases=${caseCount} participants_per_case=${participants} run_s=${(total / 1000).toFixed(1)} per_case_ms=${(total / caseCount).toFixed(1)} other_requests=${waits.length} other_ms_median=${p(0.5)} other_ms_p95=${p(0.95)} other_ms_max=${p(1)}`,
  );
} finally {
  await portal.stop();
}
