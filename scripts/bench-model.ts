import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { openDatabase } from '~/db/client';
import { demoPassword } from '~/seeds/demo';
import { signIn, startPortal } from '../test/support/server';

/**
 * `npm run bench:model` (issue 13): plan modeling on a dataset of 10,000 participants and 1,000,000
 * transactions, against the built portal with one web worker per core, over HTTP as the browser asks.
 *
 * - The analyst generates the dataset through the modeling page's form and creates five scenarios,
 *   each with a different top-tier rate (so no run is answered from the kept results of another).
 * - run: each scenario's page (the base is kept after the first page; the scenario is a full engine
 *   run on the kept dataset), timed at the client on localhost; median of 5, after one warm-up page per
 *   page (the first run on a dataset reads and parses it on the job thread; reported apart).
 * - sweep: a 10-step sweep of the top-tier rate, started and run step by step as the page does.
 * - other: meanwhile the PM loads the project page every 250 ms; its p95 during the sweep, against
 *   its p50 alone measured in the same run (the ratio holds on a faster or slower machine).
 * Prints, last:
 *   model-bench: participants=10000 transactions=1000000 run_ms_median=N sweep_ms=N other_p95_ms=N
 */
const participants = Number(process.env.BENCH_PARTICIPANTS || 10_000);
const perParticipant = Number(process.env.BENCH_TRANSACTIONS_PER_PARTICIPANT || 100);
const workers = process.env.WEB_CONCURRENCY || String(availableParallelism());
/** The PM's pause between pages during the sweep: four pages a second, faster than anyone reads. */
const thinkMs = Number(process.env.BENCH_THINK_MS ?? 250);
process.env.AUDIT_KEY ||= randomBytes(32).toString('hex');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const log = (s: string) => process.stderr.write(`${s}\n`);
const f = (n: number) => n.toFixed(0);

const portal = await startPortal({ env: { WEB_CONCURRENCY: workers } });
try {
  const db = openDatabase(portal.dbPath);
  const q = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
  const projectId = q<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
  const plan = q<{ id: number; current_version_id: number }>(
    "SELECT id, current_version_id FROM plans WHERE plan_key = 'NW-CB-2026' AND project_id = ?",
    projectId,
  );
  const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
  const pm = await signIn(portal, 'pm@demo.test', demoPassword);
  const modeling = `/projects/${projectId}/modeling`;

  let t = performance.now();
  const made = await analyst.post(modeling, {
    intent: 'generate',
    name: 'Benchmark bankers',
    planId: String(plan.id),
    period: '2026-Q1',
    seed: '42',
    role: 'commercial banker',
    participants: String(participants),
    transactionsPerParticipant: String(perParticipant),
    targetIncentive: '40000',
    quota: '1000000',
    mean: '1',
    spread: '0.25',
  });
  const answer = await made.text();
  const dataset = q<{ id: number; transaction_count: number } | undefined>(
    "SELECT id, transaction_count FROM modeling_datasets WHERE name = 'Benchmark bankers'",
  );
  if (made.status !== 200 || !dataset) throw new Error(`generating the dataset: HTTP ${made.status} ${answer.slice(0, 500)}`);
  log(`dataset generated and stored: ${dataset.transaction_count} transactions in ${f(performance.now() - t)} ms`);

  const scenario = async (name: string, rate: string | null) => {
    const res = await analyst.post(modeling, {
      intent: 'createScenario',
      name,
      planVersionId: String(plan.current_version_id),
      datasetId: String(dataset.id),
      ...(rate ? { tierComponentId: 'loan_commission', tierNumber: '3', tierRate: rate } : {}),
    });
    if (res.status !== 302) throw new Error(`creating ${name}: HTTP ${res.status}`);
    return q<{ id: number }>('SELECT max(id) AS id FROM modeling_scenarios WHERE name = ?', name).id;
  };
  const base = await scenario('Benchmark base', null);
  const rates = ['0.031', '0.032', '0.033', '0.034', '0.035'];
  const ids: number[] = [];
  for (const r of rates) ids.push(await scenario(`Benchmark top tier ${r}`, r));
  db.$client.close();

  const page = (id: number) => `${modeling}/scenarios/${id}`;
  const timedGet = async (client: typeof analyst, path: string) => {
    const t0 = performance.now();
    const res = await client.get(path);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  // Warm-up: the first page reads and parses the dataset on the portal's job thread and runs the base.
  const firstRun = await timedGet(analyst, page(base));
  log(`first run (read, parse and run the base): ${f(firstRun)} ms`);

  const runs: number[] = [];
  for (const id of ids) runs.push(await timedGet(analyst, page(id)));
  log(`scenario pages: ${runs.map(f).join(', ')} ms`);

  // The PM's project page alone, then during the sweep.
  const project = `/projects/${projectId}`;
  for (let i = 0; i < 5; i++) await timedGet(pm, project);
  const alone: number[] = [];
  for (let i = 0; i < 30; i++) alone.push(await timedGet(pm, project));

  const sweepUrl = `${page(ids[0]!)}/sweep`;
  const fields = { variable: 'tier_rate:loan_commission:2', from: '0.03', to: '0.048', steps: '10' };
  let sweeping = true;
  const during: number[] = [];
  const other = (async () => {
    while (sweeping) {
      during.push(await timedGet(pm, project));
      await new Promise((resolve) => setTimeout(resolve, thinkMs));
    }
  })();
  t = performance.now();
  const started = await analyst.post(sweepUrl, fields);
  const { values } = (await started.json()) as { values: string[] };
  if (values.length !== 10) throw new Error(`the sweep has ${values.length} steps`);
  const costs: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const res = await analyst.post(sweepUrl, { ...fields, step: String(i) });
    const body = (await res.json()) as { totalCost?: string; error?: string };
    if (!res.ok || !body.totalCost) throw new Error(`sweep step ${i}: HTTP ${res.status} ${body.error ?? ''}`);
    costs.push(body.totalCost);
  }
  const sweepMs = performance.now() - t;
  sweeping = false;
  await other;
  log(`sweep: total cost ${costs[0]} at ${values[0]} to ${costs.at(-1)} at ${values.at(-1)}`);
  log(
    `project page alone p50 ${f(percentile(alone, 50))} ms; during the sweep ${during.length} loads, p50 ${f(percentile(during, 50))} ms, p95 ${f(percentile(during, 95))} ms (ratio p95 / p50 alone ${(percentile(during, 95) / percentile(alone, 50)).toFixed(1)})`,
  );
  log(`targets: run < 1000 ms, sweep < 5000 ms, other p95 < 200 ms; workers=${workers}`);
  console.log(
    `model-bench: participants=${participants} transactions=${dataset.transaction_count} run_ms_median=${f(median(runs))} sweep_ms=${f(sweepMs)} other_p95_ms=${f(percentile(during, 95))}`,
  );
} finally {
  await portal.stop();
}
