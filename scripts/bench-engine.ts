/**
 * Engine benchmark (issue 3): 10,000 participants, 1,000,000 generated transactions (deterministic),
 * a plan with marginal tiers on period-to-date attainment, an attainment bonus with an accelerator, a
 * SPIF, splits on 10% of transactions and caps. Run 2026-Q2, so 2026-Q1 is recalculated first for the
 * period-to-date true-up (inside the timed calculation).
 *
 * Times parsing (CSV text -> checked tables) and calculation separately, each over several runs
 * (median), reports peak RSS, and checks the fast path against the decimal.js reference on the same data.
 * Each parse run is followed by runs of two plain readers on the same transactions text
 * (scripts/plain-reader.ts: split or indexOf, Number, Maps, no checks), so that parse_ratio, the
 * engine's parse median over the split reader's, and parse_ratio_indexof, over the faster indexOf
 * reader's, hold on any machine and any load: absolute milliseconds differ from one machine to the
 * next by up to 3x. Prints, last:
 * The calculation is set against the float-integer limit the same way (scripts/calc-limit.ts: DuckDB's
 * job, each payee's quarterly commission, in a plain loop over the parsed table): calc_ratio is the
 * engine's calculation median over the limit's; limit_agrees says the limit's first quarter matched
 * the engine's to the cent.
 *   engine-bench: participants=10000 transactions=1000000 calc_ms_median=N parse_ms_median=N plain_ms_median=N parse_ratio=N plain_indexof_ms_median=N parse_ratio_indexof=N calc_limit_ms_median=N calc_ratio=N limit_agrees=true|false peak_rss_mb=N exact=true|false
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Period, periodsCovering, yearStartOf } from '../engine/dates';
import { D } from '../engine/decimal';
import type { LoadedInputs } from '../engine/index';
import { calculate, loadInputs, resultHash } from '../engine/index';
import type { CompiledPlan } from '../engine/plan';
import { generate } from '../test/engine/fixtures/generate';
import { readInputFile, sha256Node } from './calc';
import { commissionLimit, limitPlanOf } from './calc-limit';
import { plainRead, plainReadIndexOf } from './plain-reader';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10000);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 1000000);
const CALC_RUNS = Number(process.env.BENCH_CALC_RUNS ?? 7);
const PARSE_RUNS = Number(process.env.BENCH_PARSE_RUNS ?? 5);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const log = (s: string) =>
  process.stderr.write(`${s}  [rss ${Math.round(process.memoryUsage().rss / 1e6)} MB, peak ${Math.round(resourceUsage().maxRSS / 1024)} MB]\n`);

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
/**
 * Collect garbage between the parse runs and before the calculation runs (outside the timings), so
 * the tables of an earlier parse are not counted in the memory of the next; the usual benchmarking
 * hygiene. Not between calculation runs: a full collection there also drops optimised code and makes
 * the next run slower. BENCH_NO_GC=1 turns it off.
 */
function collectGarbage(): void {
  if (process.env.BENCH_NO_GC) return;
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // not available: the figures then include garbage of earlier runs
  }
}

// Read as the command line reads them, but held in memory: the parse runs then time reading the
// table from the bytes, as the plain readers do from the text, and not the file system.
const readFiles = (from: string) => {
  const read = (f: string) => readFileSync(join(from, f), 'utf8');
  const file = (f: string) => {
    const { source: _fromDisk, ...held } = readInputFile(join(from, f), f);
    return held;
  };
  return {
    plans: [file('plan.json')],
    participants: file('participants.csv'),
    quotas: file('quotas.csv'),
    transactions: file('transactions.csv'),
    // BENCH_PERIOD=2026-Q1 measures the first quarter alone (no earlier quarter to recalculate)
    period: process.env.BENCH_PERIOD ?? read('period.txt'),
  };
};

// Child process: the decimal.js reference run and one run with explain traces, each hashed. It runs
// apart so that its memory (decimal.js objects for a million transactions) is reported on its own.
if (process.env.BENCH_REFERENCE_FROM) {
  const loaded = loadInputs(readFiles(process.env.BENCH_REFERENCE_FROM));
  if (!loaded.ok) throw new Error('input refused');
  let s = performance.now();
  const ex = calculate({ ...loaded.value, options: { explain: true, arithmetic: 'auto' } });
  if (!ex.ok) throw new Error(ex.errors.join('\n'));
  const explainMs = performance.now() - s;
  const explainHash = resultHash(ex.value, sha256Node);
  collectGarbage();
  s = performance.now();
  const ref = calculate({ ...loaded.value, options: { explain: false, arithmetic: 'decimal' } });
  if (!ref.ok) throw new Error(ref.errors.join('\n'));
  console.log(
    JSON.stringify({
      explainMs: Math.round(explainMs),
      explainHash,
      referenceMs: Math.round(performance.now() - s),
      referenceArithmetic: ref.value.arithmetic,
      referenceHash: resultHash(ref.value, sha256Node),
      peakRssMb: Math.round(resourceUsage().maxRSS / 1024),
    }),
  );
  process.exit(0);
}

const t0 = performance.now();
const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
  env: { ...process.env, BENCH_GENERATE_TO: dir },
  stdio: 'inherit',
});
if (child.status !== 0) throw new Error('data generation failed');
const files = readFiles(dir);
log(
  `generated ${PARTICIPANTS} participants, ${TRANSACTIONS} transactions (${(files.transactions.text.length / 1e6).toFixed(1)} MB CSV) in ${Math.round(performance.now() - t0)} ms (child process, ${dir})`,
);

const parseMs: number[] = [];
const plainMs: number[] = [];
const plainIndexOfMs: number[] = [];
let inputs: LoadedInputs | null = null;
for (let i = 0; i < PARSE_RUNS; i++) {
  inputs = null;
  collectGarbage();
  const s = performance.now();
  const r = loadInputs(files);
  parseMs.push(performance.now() - s);
  if (!r.ok) {
    for (const e of r.errors.slice(0, 20)) log(`${e.file}:${e.line}: ${e.message}`);
    throw new Error('generated input refused');
  }
  inputs = r.value;
  // the plain reader right after, so both see the same machine; its table is dropped before the next run
  collectGarbage();
  const p = performance.now();
  const plain = plainRead(files.transactions.text);
  plainMs.push(performance.now() - p);
  if (plain.count !== inputs.transactions.count) throw new Error(`plain reader read ${plain.count} rows, the engine ${inputs.transactions.count}`);
  collectGarbage();
  const q = performance.now();
  const plain2 = plainReadIndexOf(files.transactions.text);
  plainIndexOfMs.push(performance.now() - q);
  if (plain2.count !== inputs.transactions.count) throw new Error(`indexOf reader read ${plain2.count} rows, the engine ${inputs.transactions.count}`);
}
if (!inputs) throw new Error('no input');
log(
  `parse runs (ms): ${parseMs.map((x) => x.toFixed(0)).join(', ')}; plain reader (ms): ${plainMs.map((x) => x.toFixed(0)).join(', ')}; indexOf reader (ms): ${plainIndexOfMs.map((x) => x.toFixed(0)).join(', ')}`,
);

const calcMs: number[] = [];
let fastHash = '';
collectGarbage();
for (let i = 0; i < CALC_RUNS; i++) {
  if (process.env.BENCH_GC_EACH) collectGarbage();
  const s = performance.now();
  const r = calculate({ ...inputs, options: { explain: false, arithmetic: 'auto' } });
  calcMs.push(performance.now() - s);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  if (i === 0) {
    fastHash = resultHash(r.value, sha256Node);
    log(`arithmetic: ${r.value.arithmetic}; lines: ${r.value.lines.length}; warm-up: ${r.value.warmUpPeriods.join(',')}; result hash ${fastHash}`);
    const caps = r.value.lines.filter((l) => l.componentId === 'total_cap').length;
    log(`total cap lines: ${caps}; splits in data: ${inputs.transactions.splits.length}`);
  }
}
log(`calc runs (ms): ${calcMs.map((x) => x.toFixed(0)).join(', ')}`);
const peakRssMb = Math.round(resourceUsage().maxRSS / 1024);

// The float-integer limit (scripts/calc-limit.ts) on the same parsed table, right after, over the
// same quarters the engine calculated (the plan year up to the bench's period): calc_ratio holds on
// any machine. Its first quarter is checked against the engine's figure for that quarter alone.
const plan = [...inputs.plans.values()][0] as CompiledPlan;
const lastPeriod = inputs.periods.at(-1) as Period;
const quarters = periodsCovering('quarter', yearStartOf(inputs.periods[0] as Period), lastPeriod.end + 1) ?? [];
const limitPlan = limitPlanOf(plan);
const limitMs: number[] = [];
let limit: Float64Array[] = [];
for (let i = 0; i < CALC_RUNS; i++) {
  const s = performance.now();
  limit = commissionLimit(inputs.transactions, inputs.participants, inputs.quotas, limitPlan, quarters);
  limitMs.push(performance.now() - s);
}
const firstQuarter = calculate({ ...inputs, periods: quarters.slice(0, 1), options: { explain: false, arithmetic: 'auto' } });
if (!firstQuarter.ok) throw new Error(firstQuarter.errors.join('\n'));
let limitCompared = 0;
const limitDiffer: string[] = [];
for (const l of firstQuarter.value.lines) {
  if (l.componentId !== limitPlan.id) continue;
  limitCompared++;
  const cents = Number(new D(l.amount).times(100).toFixed(0));
  const k = inputs.participants.index.get(l.participantId) as number;
  if (cents !== (limit[0] as Float64Array)[k]) limitDiffer.push(`${l.participantId}: engine ${l.amount}, limit ${(limit[0] as Float64Array)[k]} cents`);
}
const limitAgrees = limitCompared > 0 && limitDiffer.length === 0;
log(
  `float-integer limit runs (ms): ${limitMs.map((x) => x.toFixed(0)).join(', ')}; ${quarters.map((q) => q.label).join(', ')}; ${quarters[0]?.label} commission of ${limitCompared} payees ${limitAgrees ? 'the same to the cent as the engine' : `differs: ${limitDiffer.slice(0, 3).join('; ')}`}`,
);

// differential check against the decimal.js reference path on the same data (and an explain run), in a child
const refRun = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
  env: { ...process.env, BENCH_REFERENCE_FROM: dir },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 1 << 20,
});
if (refRun.status !== 0) throw new Error('reference run failed');
const ref = JSON.parse(refRun.stdout.trim().split('\n').at(-1) as string) as {
  explainMs: number;
  explainHash: string;
  referenceMs: number;
  referenceArithmetic: string;
  referenceHash: string;
  peakRssMb: number;
};
log(`with explain traces (1 run, child): ${ref.explainMs} ms; same hash: ${ref.explainHash === fastHash}`);
const exact = ref.referenceArithmetic === 'decimal' && ref.referenceHash === fastHash;
log(`decimal.js reference (child): ${ref.referenceMs} ms; hash ${ref.referenceHash}; identical output: ${exact}; child peak RSS ${ref.peakRssMb} MB`);

console.log(
  `engine-bench: participants=${PARTICIPANTS} transactions=${TRANSACTIONS} calc_ms_median=${Math.round(median(calcMs))} parse_ms_median=${Math.round(median(parseMs))} plain_ms_median=${Math.round(median(plainMs))} parse_ratio=${(median(parseMs) / median(plainMs)).toFixed(2)} plain_indexof_ms_median=${Math.round(median(plainIndexOfMs))} parse_ratio_indexof=${(median(parseMs) / median(plainIndexOfMs)).toFixed(2)} calc_limit_ms_median=${Math.round(median(limitMs))} calc_ratio=${(median(calcMs) / median(limitMs)).toFixed(2)} limit_agrees=${limitAgrees} peak_rss_mb=${peakRssMb} exact=${exact}`,
);
