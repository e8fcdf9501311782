/**
 * Command line for the calculation engine.
 *
 *   npm run calc -- --plan plan.json [--plan more.json ...] --participants p.csv [--quotas q.csv] [--transactions t.csv] \
 *     --period 2026-Q1 [--balances b.csv] [--adjustments a.csv] [--mbo m.csv] [--carry-in carry.json] \
 *     --out payouts.csv [--explain explain.json] [--detail detail.csv] [--carry-out carry.json]
 *
 * - `--plan` may be repeated (a participant changing plans mid-period has a row per plan), and a plan
 *   file may hold one plan or an array of plans.
 * - `--quotas` and `--transactions` may be left out when no plan in use needs them: quotas are needed
 *   by attainment (a rate table on attainment, an attainment bonus, a gate), transactions by every
 *   component except MBOs. Left out, they count as files with a header and no rows.
 * - `--detail` writes one row per credited transaction (and marginal tier slice) of each payout line;
 *   the rows of a line add up to it exactly (engine/detail.ts).
 * - `--carry-out` writes what the next run needs to continue (draw balances, what period-to-date
 *   components and each cancelled transaction were paid); `--carry-in` reads it: the next run must
 *   start with the period right after the one the carry was written for, and recalculates nothing
 *   earlier. A `--balances` file still overrides the carried balance of the participants it lists.
 *
 * Bad input of any kind is refused with every bad row listed by file and line, and nothing is written.
 * On success it writes every output file (each first to a temporary name, then renamed, so a failure
 * leaves no half-written file), then prints the result hash.
 */

import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Carry, CompiledPlan, InputFile, RunFiles } from '../engine/index';
import { calculate, detailCsv, explainJson, loadInputs, parsePeriodSpec, payoutsCsv, resultHash } from '../engine/index';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const VALUE_FLAGS = [
  '--plan',
  '--participants',
  '--quotas',
  '--transactions',
  '--period',
  '--balances',
  '--adjustments',
  '--mbo',
  '--carry-in',
  '--out',
  '--explain',
  '--detail',
  '--carry-out',
];
export const USAGE = [
  'usage: npm run calc -- --plan plan.json [--plan more.json ...] --participants p.csv [--quotas q.csv] [--transactions t.csv] --period 2026-Q1',
  '         [--balances b.csv] [--adjustments a.csv] [--mbo m.csv] [--carry-in carry.json]',
  '         --out payouts.csv [--explain explain.json] [--detail detail.csv] [--carry-out carry.json]',
  '  --plan may be repeated (plan changes mid-period); a plan file holds one plan or an array of plans.',
  '  --quotas may be left out when no plan in use works on attainment; --transactions when no plan in use has a component',
  '  other than MBOs. --carry-in takes the --carry-out of the run for the period just before.',
  '  --period is 2026, 2026-Q1, 2026-03, 2026-W05 (ISO week) or 2026-01-05/P2W (two-week cycle), or a range 2026-W01..2026-W13.',
].join('\n');

const CSV_HEADERS = {
  quotas: 'participant_id,measure,period,quota',
  transactions: 'transaction_id,date,participant_id,amount,quantity,product,type,status,split',
};

/** The carry file of --carry-out / --carry-in: the engine's carry and the last period it covers. */
export interface CarryFile extends Carry {
  carryVersion: 1;
  /** the last period of the run that wrote it; the next run starts right after */
  through: string;
}

/** what a plan needs: quotas (attainment anywhere) and transactions (any component but an MBO), with the reason */
function needs(plan: CompiledPlan): { quotas: string | null; transactions: string | null } {
  let quotas: string | null = null;
  let transactions: string | null = null;
  for (const c of plan.components) {
    if (quotas === null) {
      if (c.type === 'rate_table' && c.basis === 'attainment') quotas = `component ${c.id} is a rate table on attainment`;
      else if (c.type === 'attainment_bonus') quotas = `component ${c.id} is an attainment bonus`;
      else if (c.gate) quotas = `component ${c.id} has a gate on attainment`;
    }
    if (transactions === null && (c.type !== 'mbo' || c.gate)) transactions = `component ${c.id} (${c.type}) is paid on transactions`;
  }
  if (transactions === null && plan.clawback) transactions = 'it claws back cancelled transactions';
  return { quotas, transactions };
}

/**
 * A file as the engine reads it: its bytes, and its text decoded from them (UTF-8) only when something
 * reads it. The transactions reader reads the bytes alone, so the largest file is never copied into a
 * string (about a fifth of a million-row run went to checking and decoding it).
 */
export function readInputFile(path: string, name = path): InputFile {
  // opened once here, so that a file missing or unreadable is reported before anything is read
  closeSync(openSync(path, 'r'));
  const stat = statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  let bytes: Buffer | undefined;
  let text: string | undefined;
  return {
    name,
    // the transactions reader reads the file a piece at a time; the others ask for its text
    source: {
      size: stat.size,
      read(into, offset, length, position) {
        const fd = openSync(path, 'r');
        try {
          return readSync(fd, into, offset, length, position);
        } finally {
          closeSync(fd);
        }
      },
    },
    get bytes() {
      bytes ??= readFileSync(path);
      return bytes;
    },
    get text() {
      text ??= (this.bytes as Buffer).toString('utf8');
      return text;
    },
  };
}

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
  for (const req of ['--plan', '--participants', '--period', '--out']) if (!args.has(req)) usage.push(`${req} is required`);
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
      return readInputFile(path);
    } catch (e) {
      readErrors.push(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return { name: path, text: '' };
    }
  };
  const optionalCsv = (flag: '--quotas' | '--transactions', header: string): InputFile => {
    const path = opt(flag);
    return path === undefined ? { name: `${flag} (not given)`, text: `${header}\n` } : read(path);
  };
  const files: RunFiles = {
    plans: (args.get('--plan') as string[]).map(read),
    participants: read(one('--participants')),
    quotas: optionalCsv('--quotas', CSV_HEADERS.quotas),
    transactions: optionalCsv('--transactions', CSV_HEADERS.transactions),
    period: one('--period'),
  };
  const b = opt('--balances');
  const adj = opt('--adjustments');
  const m = opt('--mbo');
  if (b) files.balances = read(b);
  if (adj) files.adjustments = read(adj);
  if (m) files.mbo = read(m);
  const carryInPath = opt('--carry-in');
  const carryIn = carryInPath ? read(carryInPath) : null;
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
  // files left out that a plan in use needs
  const missing: string[] = [];
  const inUse = new Set(loaded.value.participants.assignments.map((a) => a.planId));
  for (const flag of ['--quotas', '--transactions'] as const) {
    if (args.has(flag)) continue;
    for (const id of [...inUse].sort()) {
      const plan = loaded.value.plans.get(id);
      const why = plan ? needs(plan)[flag === '--quotas' ? 'quotas' : 'transactions'] : null;
      if (why) {
        missing.push(`${flag} is required: plan ${id} needs it (${why})`);
        break;
      }
    }
  }
  let carry: Carry | undefined;
  if (carryIn && carryInPath) {
    const c = readCarry(carryIn, loaded.value.periods[0]?.start ?? 0);
    if (typeof c === 'string') missing.push(`${carryInPath}: ${c}`);
    else carry = c;
  }
  if (missing.length > 0) {
    io.err(`refused: ${missing.length} problem(s) in the input`);
    for (const e of missing) io.err(e);
    io.err('nothing written');
    return 1;
  }
  const explainPath = opt('--explain');
  const detailPath = opt('--detail');
  const run = calculate({ ...loaded.value, ...(carry ? { carry } : {}), options: { explain: explainPath !== undefined, detail: detailPath !== undefined } });
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
  if (detailPath) writes.push([detailPath, detailCsv(result)]);
  const carryOutPath = opt('--carry-out');
  if (carryOutPath) {
    const through = loaded.value.periods[loaded.value.periods.length - 1]?.label ?? '';
    const out: CarryFile = { carryVersion: 1, through, ...result.carry };
    writes.push([carryOutPath, `${JSON.stringify(out, null, 2)}\n`]);
  }
  for (const [p, text] of writes) writeFileSync(`${p}.tmp-${process.pid}`, text);
  for (const [p] of writes) renameSync(`${p}.tmp-${process.pid}`, p);
  for (const w of result.warnings) io.err(`warning: ${w}`);
  io.out(
    `periods: ${loaded.value.periods.map((p) => p.label).join(', ')}${result.warmUpPeriods.length ? ` (recalculated first, not written: ${result.warmUpPeriods.join(', ')})` : ''}`,
  );
  io.out(`lines: ${result.lines.length}, participants with totals: ${result.totals.length}, arithmetic: ${result.arithmetic}`);
  io.out(`wrote ${writes.map(([p]) => p).join(', ')}`);
  io.out(`result hash (sha256): ${hash}`);
  return 0;
}

/** a --carry-in file, checked: a carry written by --carry-out for the period just before the day `firstDay` */
function readCarry(file: InputFile, firstDay: number): Carry | string {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (e) {
    return `not valid JSON: ${(e as Error).message}`;
  }
  const c = json as Partial<CarryFile> | null;
  if (c === null || typeof c !== 'object' || c.carryVersion !== 1 || typeof c.through !== 'string')
    return 'not a carry file (write one with --carry-out: {"carryVersion": 1, "through": "2026-Q1", "drawBalances": {...}, ...})';
  const spec = parsePeriodSpec(c.through);
  if (!spec.ok) return `through: ${spec.error}`;
  const last = spec.value[spec.value.length - 1];
  if (last && last.end + 1 !== firstDay)
    return `the carry is through ${c.through}; the run must start with the period right after it (else it would skip or repeat periods)`;
  const record = (name: keyof Carry): Record<string, string> | string => {
    const v = c[name];
    if (v === undefined) return {};
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return `${name}: must be an object of decimal strings`;
    for (const [k, x] of Object.entries(v))
      if (typeof x !== 'string' || !/^-?\d+(\.\d+)?$/.test(x)) return `${name}.${k}: "${String(x)}" is not a decimal number`;
    return v as Record<string, string>;
  };
  const out: Partial<Carry> = {};
  for (const name of ['drawBalances', 'ptdPaid', 'paidByTransaction', 'clawedByTransaction', 'exitPaid'] as const) {
    const r = record(name);
    if (typeof r === 'string') return r;
    out[name] = r;
  }
  return out as Carry;
}

const invoked = process.argv[1] ? import.meta.url === pathToFileURL(process.argv[1]).href : false;
if (invoked) {
  process.exitCode = runCli(process.argv.slice(2));
}
