import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import { openDatabase } from '~/db/client';
import { demoPassword } from '~/seeds/demo';
import { signIn, startPortal } from '../test/support/server';

/**
 * `npm run bench:load`: 50 signed-in people without think time, each going round the project page, the
 * requirements register, a test cycle page and My work for 30 s, against the built portal with one web
 * worker per core. Prints requests per second, latency percentiles and errors, and the same pages' p50
 * for one person alone measured in the same run (the ratio holds on a faster or slower machine), and
 * the CPU the server and this client spent per request: those hold even while other work shares the
 * machine, and cores x 1000 / server ms per request is what the server could serve with the cores to itself.
 */
const users = Number(process.env.BENCH_USERS || 50);
const seconds = Number(process.env.BENCH_SECONDS || 30);
const workers = process.env.WEB_CONCURRENCY || String(availableParallelism());
process.env.AUDIT_KEY ||= randomBytes(32).toString('hex');

/**
 * CPU seconds (user + system) used so far by a process and all its descendants, from /proc (Linux):
 * what the server spent, whatever else the machine was doing meanwhile.
 */
function cpuSecondsOfTree(rootPid: number): number {
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        // The fields after the command name: state, ppid, ... utime (14th), stime (15th) of the whole line.
        const after = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
        return [{ pid: Number(d), ppid: Number(after[1]), ticks: Number(after[11]) + Number(after[12]) }];
      } catch {
        return [];
      }
    });
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats)
      if (!tree.has(s.pid) && tree.has(s.ppid)) {
        tree.add(s.pid);
        grew = true;
      }
  }
  return stats.filter((s) => tree.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) / 100;
}

const portal = await startPortal({ env: { WEB_CONCURRENCY: workers } });
try {
  const db = openDatabase(portal.dbPath);
  const project = db.$client.prepare("SELECT id FROM projects WHERE name LIKE 'Northwind%'").get() as { id: number };
  const cycle = db.$client.prepare('SELECT id FROM test_cycles WHERE project_id = ? ORDER BY id LIMIT 1').get(project.id) as { id: number };
  db.$client.close();
  const pages = [`/projects/${project.id}`, `/projects/${project.id}/requirements`, `/projects/${project.id}/testing/cycles/${cycle.id}`, '/'];
  const accounts = ['pm', 'stakeholder', 'finance', 'analyst', 'tester', 'tester2', 'viewer'].map((who) => `${who}@demo.test`);

  // The load comes from this same 2-core machine, so the client is kept as lean as wrk or autocannon:
  // node:http on kept-alive sockets, the compressed page read to its end but not unpacked (fetch spent
  // 4 ms of CPU per page, a fifth of the machine, that a browser elsewhere would spend instead).
  const agent = new http.Agent({ keepAlive: true, maxSockets: users + 1 });
  const { hostname, port } = new URL(portal.url);
  const timed = (client: Awaited<ReturnType<typeof signIn>>, page: string) =>
    new Promise<{ ms: number; ok: boolean }>((resolve, reject) => {
      const t0 = performance.now();
      const headers = { Cookie: client.cookie ?? '', 'Accept-Encoding': 'gzip' };
      http
        .get({ agent, hostname, port, path: page, headers }, (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve({ ms: performance.now() - t0, ok: res.statusCode === 200 }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

  // The reference: one person alone, the same pages, after a warm-up.
  const alone = await signIn(portal, accounts[0]!, demoPassword);
  for (const page of pages) await timed(alone, page);
  const single: number[] = [];
  for (let i = 0; i < 40; i++) single.push((await timed(alone, pages[i % pages.length]!)).ms);
  single.sort((a, b) => a - b);

  const clients = [];
  for (let i = 0; i < users; i++) clients.push(await signIn(portal, accounts[i % accounts.length]!, demoPassword));
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const serverCpuBefore = cpuSecondsOfTree(portal.pid);
  const clientCpuBefore = process.cpuUsage();
  await Promise.all(
    clients.map(async (client, i) => {
      for (let n = i; performance.now() < until; n++) {
        try {
          const { ms, ok } = await timed(client, pages[n % pages.length]!);
          latencies.push(ms);
          if (!ok) errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const serverCpuMs = ((cpuSecondsOfTree(portal.pid) - serverCpuBefore) * 1000) / latencies.length;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000 / latencies.length;
  latencies.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  console.log(
    `load-bench: users=${users} seconds=${seconds} workers=${workers} requests=${latencies.length} rps=${f(latencies.length / elapsed)} p50_ms=${f(percentile(latencies, 50))} p95_ms=${f(percentile(latencies, 95))} p99_ms=${f(percentile(latencies, 99))} errors=${errors} single_user_p50_ms=${f(percentile(single, 50))} p50_ratio=${f(percentile(latencies, 50) / percentile(single, 50))} server_cpu_ms_per_request=${f(serverCpuMs)} client_cpu_ms_per_request=${f(clientCpuMs)}`,
  );
  agent.destroy();
} finally {
  await portal.stop();
}
