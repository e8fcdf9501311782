/**
 * All inputs of a run, from texts, checked together: every problem of every file, by file and line.
 */
import type { Period } from './dates';
import { parsePeriodSpec } from './dates';
import type { D } from './decimal';
import { D as Dec } from './decimal';
import type { Adjustment, InputError, ParticipantTable, Quotas } from './inputs';
import { parseAdjustmentsCsv, parseBalancesCsv, parseMboCsv, parseQuotasCsv, parseTransactionsCsv, readParticipants } from './inputs';
import type { CompiledPlan, PlanError, Result } from './plan';
import { validatePlans } from './plan';
import type { ByteSource, TransactionTable } from './transaction-table';

export interface InputFile {
  /** name used in error messages, e.g. "t.csv" */
  name: string;
  text: string;
  /**
   * the file's bytes as read (UTF-8), when the caller has them: the transactions reader then reads them
   * and never asks for `text`, which the caller may decode only when asked (scripts/calc.ts does), so a
   * large file is not also copied into a string
   */
  bytes?: Uint8Array;
  /**
   * the file to read piece by piece, when the caller can: the transactions reader then reads it so,
   * holding a few megabytes of it at a time, and asks for neither `bytes` nor `text`
   */
  source?: ByteSource;
}

export interface RunFiles {
  /** plan JSON text: one plan or an array of plans; several files may be given */
  plans: InputFile[];
  participants: InputFile;
  quotas: InputFile;
  transactions: InputFile;
  balances?: InputFile;
  adjustments?: InputFile;
  mbo?: InputFile;
  /** "2026-Q1", "2026-03", "2026" or a range "2026-01..2026-06" */
  period: string;
}

export interface LoadedInputs {
  plans: Map<string, CompiledPlan>;
  participants: ParticipantTable;
  quotas: Quotas;
  transactions: TransactionTable;
  periods: Period[];
  balances?: Map<string, D>;
  adjustments?: Adjustment[];
  mbo?: Map<string, D>;
}

/**
 * Parse and cross-check every file. Plan problems come back with line 0 and the JSON path in the message.
 * Returns all errors at once; nothing is partially accepted.
 */
export function loadInputs(files: RunFiles): Result<LoadedInputs, InputError> {
  const errors: InputError[] = [];
  const plans = new Map<string, CompiledPlan>();
  for (const f of files.plans) {
    let json: unknown;
    try {
      json = JSON.parse(f.text);
    } catch (e) {
      errors.push({ file: f.name, line: 0, message: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    const r = validatePlans(json);
    if (!r.ok) for (const e of onePerValue(json, r.errors)) errors.push({ file: f.name, line: 0, message: `${e.path}: ${e.message}` });
    else
      for (const [id, p] of r.value) {
        if (plans.has(id)) errors.push({ file: f.name, line: 0, message: `id: duplicate plan id "${id}"` });
        else plans.set(id, p);
      }
  }
  const spec = parsePeriodSpec(files.period);
  if (!spec.ok) errors.push({ file: '--period', line: 0, message: spec.error });
  // plan ids are checked only when every plan file is valid (else each participant of a bad plan would be listed too)
  const pr = readParticipants(files.participants.text, { file: files.participants.name, plans: errors.length === 0 ? plans : undefined });
  errors.push(...pr.errors);
  // the other files are still checked, against the participant rows that are good
  const participants = pr.table;
  const qr = parseQuotasCsv(files.quotas.text, { participants, plans, file: files.quotas.name });
  if (!qr.ok) errors.push(...qr.errors);
  const tr = parseTransactionsCsv(files.transactions.source ?? files.transactions.bytes ?? files.transactions.text, {
    participants,
    plans,
    file: files.transactions.name,
  });
  if (!tr.ok) errors.push(...tr.errors);
  let balances: Map<string, D> | undefined;
  if (files.balances) {
    const r = parseBalancesCsv(files.balances.text, { participants, file: files.balances.name });
    if (!r.ok) errors.push(...r.errors);
    else balances = r.value;
  }
  let adjustments: Adjustment[] | undefined;
  if (files.adjustments) {
    const r = parseAdjustmentsCsv(files.adjustments.text, { participants, file: files.adjustments.name });
    if (!r.ok) errors.push(...r.errors);
    else adjustments = r.value;
  }
  let mbo: Map<string, D> | undefined;
  if (files.mbo) {
    const r = parseMboCsv(files.mbo.text, { participants, file: files.mbo.name });
    if (!r.ok) errors.push(...r.errors);
    else mbo = r.value;
  }
  if (errors.length > 0 || !qr.ok || !tr.ok || !spec.ok) return { ok: false, errors };
  const value: LoadedInputs = { plans, participants, quotas: qr.value, transactions: tr.value, periods: spec.value };
  if (balances) value.balances = balances;
  if (adjustments) value.adjustments = adjustments;
  if (mbo) value.mbo = mbo;
  return { ok: true, value };
}

/** the value at a plan error path such as `components[0].tiers[1].rate` or `[1].id` */
function valueAt(json: unknown, path: string): unknown {
  let v: unknown = json;
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = m[1] !== undefined ? (v as unknown[])[Number(m[1])] : (v as Record<string, unknown>)[m[2] as string];
  }
  return v;
}

/**
 * One message per bad value: a value that is not a decimal number gets that message only (not also
 * "must not be negative" and the like, which follow from it), and a percentage written with a percent
 * sign ("10%") is told how to write it: rates are decimal fractions.
 */
function onePerValue(json: unknown, errors: PlanError[]): PlanError[] {
  const notDecimal = new Set(errors.filter((e) => e.message.startsWith('must be a decimal number')).map((e) => e.path));
  const out: PlanError[] = [];
  const said = new Set<string>();
  for (const e of errors) {
    if (!notDecimal.has(e.path)) {
      out.push(e);
      continue;
    }
    if (said.has(e.path)) continue;
    said.add(e.path);
    const v = valueAt(json, e.path);
    const pct = typeof v === 'string' ? /^\s*([-+]?\d+(?:\.\d+)?)\s*%\s*$/.exec(v) : null;
    if (pct)
      out.push({
        path: e.path,
        message: `"${v}": write a percentage as a decimal fraction: ${new Dec(pct[1] as string).div(100).toFixed()} for ${pct[1]}%`,
      });
    else out.push(errors.find((x) => x.path === e.path && x.message.startsWith('must be a decimal number')) ?? e);
  }
  return out;
}
