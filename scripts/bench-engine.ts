/**
 * Engine benchmark (issue 3): 10,000 participants, 1,000,000 generated transactions (deterministic),
 * a plan with marginal tiers on period-to-date attainment, an attainment bonus with an accelerator, a
 * SPIF, splits on 10% of transactions and caps. Run 2026-Q2, so 2026-Q1 is recalculated first for the
 * period-to-date true-up (inside the timed calculation).
 *
 * Times parsing (CSV text -> checked tables) and calculation separately, each over several runs
 * (median), reports peak RSS, and checks the fast path against the decimal.js reference on the same data.
 * Prints, last:
 *   engine-bench: participants=10000 transactions=1000000 calc_ms_median=N parse_ms_median=N peak_rss_mb=N exact=true|false
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { resourceUsage } from 'node:process';
import { calculate, canonicalResult, loadInputs, resultHash } from '../engine/index';
import type { LoadedInputs } from '../engine/index';
import { generate } from '../test/engine/fixtures/generate';
import { sha256Node } from './calc';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10000);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 1000000);
const CALC_RUNS = Number(process.env.BENCH_CALC_RUNS ?? 7);
const PARSE_RUNS = Number(process.env.BENCH_PARSE_RUNS ?? 3);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const log = (s: string) => process.stderr.write(`${s}\n`);

// The dataset is generated in a child process and written to a temporary directory, then read here
// like the command line reads its files: the peak RSS measured below is then the engine's (reading,
// parsing, calculating, the reference run), not the generator's.
const dir = join(tmpdir(), `spm-engine-bench-${PARTICIPANTS}-${TRANSACTIONS}`);
if (process.env.BENCH_GENERATE_TO) {
  const out = process.env.BENCH_GENERATE_TO;
  const g = generate(PARTICIPANTS, TRANSACTIONS);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'plan.json'), JSON.stringify(g.plan));
  writeFileSync(join(out, 'participants.csv'), g.participants);
  writeFileSync(join(out, 'quotas.csv'), g.quotas);
  writeFileSync(join(out, 'transactions.csv'), g.transactions);
  writeFileSync(join(out, 'period.txt'), g.period);
  process.exit(0);
}
const t0 = performance.now();
const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
  env: { ...process.env, BENCH_GENERATE_TO: dir },
  stdio: 'inherit',
});
if (child.status !== 0) throw new Error('data generation failed');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const files = {
  plans: [{ name: 'plan.json', text: read('plan.json') }],
  participants: { name: 'participants.csv', text: read('participants.csv') },
  quotas: { name: 'quotas.csv', text: read('quotas.csv') },
  transactions: { name: 'transactions.csv', text: read('transactions.csv') },
  period: read('period.txt'),
};
log(`generated ${PARTICIPANTS} participants, ${TRANSACTIONS} transactions (${(files.transactions.text.length / 1e6).toFixed(1)} MB CSV) in ${Math.round(performance.now() - t0)} ms (child process, ${dir})`);

const parseMs: number[] = [];
let inputs: LoadedInputs | null = null;
for (let i = 0; i < PARSE_RUNS; i++) {
  inputs = null;
  const s = performance.now();
  const r = loadInputs(files);
  parseMs.push(performance.now() - s);
  if (!r.ok) {
    for (const e of r.errors.slice(0, 20)) log(`${e.file}:${e.line}: ${e.message}`);
    throw new Error('generated input refused');
  }
  inputs = r.value;
}
if (!inputs) throw new Error('no input');
log(`parse runs (ms): ${parseMs.map((x) => x.toFixed(0)).join(', ')}`);

const calcMs: number[] = [];
let fastHash = '';
let fastCanon = '';
for (let i = 0; i < CALC_RUNS; i++) {
  const s = performance.now();
  const r = calculate({ ...inputs, options: { explain: false, arithmetic: 'auto' } });
  calcMs.push(performance.now() - s);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  if (i === 0) {
    fastCanon = canonicalResult(r.value);
    fastHash = resultHash(r.value, sha256Node);
    log(`arithmetic: ${r.value.arithmetic}; lines: ${r.value.lines.length}; warm-up: ${r.value.warmUpPeriods.join(',')}; result hash ${fastHash}`);
    const caps = r.value.lines.filter((l) => l.componentId === 'total_cap').length;
    log(`total cap lines: ${caps}; splits in data: ${inputs.transactions.splits.length}`);
  }
}
log(`calc runs (ms): ${calcMs.map((x) => x.toFixed(0)).join(', ')}`);

// the same calculation with explain traces, once, for information
{
  const s = performance.now();
  const r = calculate({ ...inputs, options: { explain: true, arithmetic: 'auto' } });
  log(`with explain traces (1 run): ${Math.round(performance.now() - s)} ms; hash equal: ${r.ok && resultHash(r.value, sha256Node) === fastHash}`);
}

// differential check against the decimal.js reference path on the same data
const s = performance.now();
const ref = calculate({ ...inputs, options: { explain: false, arithmetic: 'decimal' } });
if (!ref.ok) throw new Error(ref.errors.join('\n'));
const refCanon = canonicalResult(ref.value);
const exact = ref.value.arithmetic === 'decimal' && refCanon === fastCanon && resultHash(ref.value, sha256Node) === fastHash;
log(`decimal.js reference: ${Math.round(performance.now() - s)} ms; identical output: ${exact}`);

const peakRssMb = Math.round(resourceUsage().maxRSS / 1024);
console.log(
  `engine-bench: participants=${PARTICIPANTS} transactions=${TRANSACTIONS} calc_ms_median=${Math.round(median(calcMs))} parse_ms_median=${Math.round(median(parseMs))} peak_rss_mb=${peakRssMb} exact=${exact}`,
);
