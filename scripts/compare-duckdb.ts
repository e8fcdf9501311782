/**
 * `npm run bench:duckdb` (issue 15): the engine's command line against DuckDB on the bench's files
 * (10,000 participants, 1,000,000 transactions, generated as `npm run bench:engine` does, into the same
 * temporary directory), each run in its own process and timed from outside, wall clock:
 *
 * - `npm run calc` end to end on the bench's period (2026-Q2: 2026-Q1 is recalculated first for the
 *   period-to-date true-up; every component, caps and splits), as a user runs it;
 * - `npm run calc` on 2026-Q1, the run whose output is checked;
 * - DuckDB (scripts/duckdb-commission.mjs): reading the same CSV files, summing each payee's credit
 *   per quarter and paying three marginal tiers on it, in SQL.
 *
 * What agrees: the commission line of every payee in 2026-Q1, to the cent. DuckDB computes that
 * component only (the engine also pays the renewal bonus, the SPIF and the total cap, and for 2026-Q2
 * the true-up), so its figure is a floor for the same job. Runs alternate, so both see the same
 * machine; the load average is printed with the figures. BENCH_RUNS sets the runs of each (default 3).
 * Prints, last:
 *   duckdb-compare: transactions=N calc_wall_ms=N calc_q1_wall_ms=N duckdb_wall_ms=N ratio=N agree=true|false compared=N
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generate } from '../test/engine/fixtures/generate';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10000);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 1000000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = fileURLToPath(new URL('../', import.meta.url));
const dir = join(tmpdir(), `spm-engine-bench-${PARTICIPANTS}-${TRANSACTIONS}`);
const log = (s: string) => process.stderr.write(`${s}\n`);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// The files are written again only when the generator changed since they were written (a stamp of its
// source): bench:engine writes the same files, and writing 60 MB costs more than the runs measured.
const stampFile = join(dir, 'generator.sha256');
const stamp = createHash('sha256')
  .update(readFileSync(join(root, 'test/engine/fixtures/generate.ts')))
  .digest('hex');
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp || !existsSync(join(dir, 'transactions.csv'))) {
  const t0 = performance.now();
  const g = generate(PARTICIPANTS, TRANSACTIONS);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(g.plan));
  writeFileSync(join(dir, 'participants.csv'), g.participants);
  writeFileSync(join(dir, 'quotas.csv'), g.quotas);
  writeFileSync(join(dir, 'transactions.csv'), g.transactions);
  writeFileSync(join(dir, 'period.txt'), g.period);
  writeFileSync(stampFile, stamp);
  log(`generated ${PARTICIPANTS} participants, ${TRANSACTIONS} transactions in ${Math.round(performance.now() - t0)} ms (${dir})`);
} else log(`using the files in ${dir}`);
const period = readFileSync(join(dir, 'period.txt'), 'utf8').trim();

// the command line's bundle is built first, untimed: a user pays that once, not at every run
const built = spawnSync(process.execPath, ['scripts/calc-cli.mjs', '--build'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) throw new Error('could not build the calc bundle');

const calcArgs = (p: string, out: string) => [
  ...['--plan', join(dir, 'plan.json'), '--participants', join(dir, 'participants.csv'), '--quotas', join(dir, 'quotas.csv')],
  ...['--transactions', join(dir, 'transactions.csv'), '--period', p, '--out', out],
];
const timed = (cmd: string, args: string[]) => {
  const s = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ms: performance.now() - s, status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const q1Out = join(dir, 'payouts-2026-Q1.csv');
const duckOut = join(dir, 'duckdb-commission.json');

log(`load average at start: ${load()}`);
const calcMs: number[] = [];
const calcQ1Ms: number[] = [];
const duckMs: number[] = [];
let duckError = '';
for (let i = 0; i < RUNS; i++) {
  const c = timed(npm, ['run', '--silent', 'calc', '--', ...calcArgs(period, join(dir, `payouts-${period}.csv`))]);
  if (c.status !== 0) throw new Error(`npm run calc failed:\n${c.stderr}`);
  calcMs.push(c.ms);
  const q = timed(npm, ['run', '--silent', 'calc', '--', ...calcArgs('2026-Q1', q1Out)]);
  if (q.status !== 0) throw new Error(`npm run calc (2026-Q1) failed:\n${q.stderr}`);
  calcQ1Ms.push(q.ms);
  if (!duckError) {
    const d = timed(process.execPath, ['scripts/duckdb-commission.mjs', dir, duckOut]);
    // the line that says what went wrong, not the first of a stack trace
    if (d.status !== 0) duckError = (d.stderr.split('\n').find((l) => /Error|Cannot find/.test(l)) ?? d.stderr.trim().split('\n')[0] ?? '').trim();
    else duckMs.push(d.ms);
  }
  log(
    `run ${i + 1}: calc ${period} ${Math.round(c.ms)} ms, calc 2026-Q1 ${Math.round(q.ms)} ms, DuckDB ${duckMs.length > i ? `${Math.round(duckMs[i] as number)} ms` : 'not run'}`,
  );
}
log(`load average at end: ${load()}`);

/** amount text to whole cents (amounts here are non-negative, at most 2 decimals after rounding) */
const cents = (s: string) => {
  const [int = '0', frac = ''] = s.split('.');
  return BigInt(int) * 100n + BigInt(`${frac}00`.slice(0, 2));
};
let agree = false;
let compared = 0;
if (duckError) log(`DuckDB could not run (is the dev dependency @duckdb/node-api installed? npm install): ${duckError}`);
else {
  const engine = new Map<string, bigint>();
  for (const line of readFileSync(q1Out, 'utf8').trim().split('\n').slice(1)) {
    const [p, pid, comp, amount] = line.split(',');
    if (p === '2026-Q1' && comp === 'commission') engine.set(pid as string, cents(amount as string));
  }
  const duck = new Map<string, bigint>();
  for (const [p, pid, amount] of JSON.parse(readFileSync(duckOut, 'utf8')) as [string, string, string][]) if (p === '2026-Q1') duck.set(pid, cents(amount));
  const differ: string[] = [];
  for (const pid of new Set([...engine.keys(), ...duck.keys()])) {
    compared++;
    if (engine.get(pid) !== duck.get(pid)) differ.push(`${pid}: engine ${engine.get(pid) ?? 'none'} cents, DuckDB ${duck.get(pid) ?? 'none'} cents`);
  }
  agree = differ.length === 0 && compared > 0;
  log(`2026-Q1 commission of ${compared} payees: ${agree ? 'the same to the cent' : `${differ.length} differ, e.g. ${differ.slice(0, 5).join('; ')}`}`);
}

const calc = median(calcMs);
const duck = duckMs.length > 0 ? median(duckMs) : Number.NaN;
console.log(
  `duckdb-compare: transactions=${TRANSACTIONS} calc_wall_ms=${Math.round(calc)} calc_q1_wall_ms=${Math.round(median(calcQ1Ms))} duckdb_wall_ms=${Number.isNaN(duck) ? 'none' : Math.round(duck)} ratio=${Number.isNaN(duck) ? 'none' : (calc / duck).toFixed(2)} agree=${agree} compared=${compared}`,
);
