/**
 * Command line for the calculation engine.
 *
 *   npm run calc -- --plan plan.json --participants p.csv --quotas q.csv --transactions t.csv \
 *     --period 2026-Q1 [--balances b.csv] [--adjustments a.csv] [--mbo m.csv] --out payouts.csv [--explain explain.json]
 *
 * Bad input of any kind is refused with every bad row listed by file and line, and nothing is written.
 * On success it writes the payouts CSV (and the explain JSON), then prints the result hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { InputFile, RunFiles } from '../engine/index';
import { calculate, explainJson, loadInputs, payoutsCsv, resultHash } from '../engine/index';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const VALUE_FLAGS = ['--plan', '--participants', '--quotas', '--transactions', '--period', '--balances', '--adjustments', '--mbo', '--out', '--explain'];
const USAGE =
  'usage: npm run calc -- --plan plan.json --participants p.csv --quotas q.csv --transactions t.csv --period 2026-Q1 [--balances b.csv] [--adjustments a.csv] [--mbo m.csv] --out payouts.csv [--explain explain.json]';

export function sha256Node(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Runs the command line; returns the exit code (0 ok, 1 bad input, 2 bad usage). */
export function runCli(argv: string[], io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) }): number {
  const args = new Map<string, string[]>();
  const usage: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!VALUE_FLAGS.includes(a)) {
      usage.push(`unknown argument "${a}"`);
      continue;
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) {
      usage.push(`${a} needs a value`);
      continue;
    }
    i++;
    const list = args.get(a) ?? [];
    list.push(v);
    args.set(a, list);
  }
  for (const req of ['--plan', '--participants', '--quotas', '--transactions', '--period', '--out']) if (!args.has(req)) usage.push(`${req} is required`);
  for (const [k, v] of args) if (k !== '--plan' && v.length > 1) usage.push(`${k} given more than once`);
  if (usage.length > 0) {
    for (const u of usage) io.err(u);
    io.err(USAGE);
    return 2;
  }
  const one = (k: string) => (args.get(k) as string[])[0] as string;
  const opt = (k: string) => args.get(k)?.[0];

  const readErrors: string[] = [];
  const read = (path: string): InputFile => {
    try {
      return { name: path, text: readFileSync(path, 'utf8') };
    } catch (e) {
      readErrors.push(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return { name: path, text: '' };
    }
  };
  const files: RunFiles = {
    plans: (args.get('--plan') as string[]).map(read),
    participants: read(one('--participants')),
    quotas: read(one('--quotas')),
    transactions: read(one('--transactions')),
    period: one('--period'),
  };
  const b = opt('--balances');
  const adj = opt('--adjustments');
  const m = opt('--mbo');
  if (b) files.balances = read(b);
  if (adj) files.adjustments = read(adj);
  if (m) files.mbo = read(m);
  if (readErrors.length > 0) {
    for (const e of readErrors) io.err(e);
    io.err('nothing written');
    return 1;
  }
  const loaded = loadInputs(files);
  if (!loaded.ok) {
    io.err(`refused: ${loaded.errors.length} problem(s) in the input`);
    for (const e of loaded.errors) io.err(e.line > 0 ? `${e.file}:${e.line}: ${e.message}` : `${e.file}: ${e.message}`);
    io.err('nothing written');
    return 1;
  }
  const explainPath = opt('--explain');
  const run = calculate({ ...loaded.value, options: { explain: explainPath !== undefined } });
  if (!run.ok) {
    io.err(`refused: ${run.errors.length} problem(s)`);
    for (const e of run.errors) io.err(e);
    io.err('nothing written');
    return 1;
  }
  const result = run.value;
  const hash = resultHash(result, sha256Node);
  // write to temporary names first, then rename, so a failure leaves no half-written output
  const outPath = one('--out');
  const writes: [string, string][] = [[outPath, payoutsCsv(result)]];
  if (explainPath) writes.push([explainPath, explainJson(result, hash)]);
  for (const [p, text] of writes) writeFileSync(`${p}.tmp-${process.pid}`, text);
  for (const [p] of writes) renameSync(`${p}.tmp-${process.pid}`, p);
  for (const w of result.warnings) io.err(`warning: ${w}`);
  io.out(
    `periods: ${loaded.value.periods.map((p) => p.label).join(', ')}${result.warmUpPeriods.length ? ` (recalculated first, not written: ${result.warmUpPeriods.join(', ')})` : ''}`,
  );
  io.out(`lines: ${result.lines.length}, participants with totals: ${result.totals.length}, arithmetic: ${result.arithmetic}`);
  io.out(`wrote ${writes.map(([p]) => p).join(' and ')}`);
  io.out(`result hash (sha256): ${hash}`);
  return 0;
}

const invoked = process.argv[1] ? import.meta.url === pathToFileURL(process.argv[1]).href : false;
if (invoked) {
  process.exitCode = runCli(process.argv.slice(2));
}
