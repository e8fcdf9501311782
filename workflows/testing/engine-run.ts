import { createHash } from 'node:crypto';
import type { ExpectedLine, LineResult } from '~/db/schema';
import { calculate, Decimal, loadInputs, PLAN_SCHEMA_VERSION, resultHash } from '~/engine';

/**
 * Names the engine build a run used, so a result can be traced to the code that produced it. Build 2:
 * explain traces name the rate-table tier or curve segment each line reached (`reached` on a step).
 * Build 3: the `rate` of a marginal (or per-transaction) rate-table line is the effective rate, pay
 * over credit, so result hashes differ from build 2's for such lines. Build 4: multipliers, advance
 * draws and exit clawbacks; the `draw` line of a recoverable draw carries the balance owed, which the
 * result hash includes (hashes of runs with recoverable draws differ from build 3's).
 */
const ENGINE_BUILD = 4;
export const engineVersion = `spm-engine ${ENGINE_BUILD} (plan schema ${PLAN_SCHEMA_VERSION})`;

/** Whether a run's explain traces name the tiers reached: runs of engine builds before 2 do not. */
export function tracesTiers(runEngineVersion: string): boolean {
  const build = /^spm-engine (\d+)\b/.exec(runEngineVersion);
  return !!build && Number(build[1]) >= 2;
}

export type PayoutDataset = { period: string; participantsCsv: string; quotasCsv: string; transactionsCsv: string };

export const datasetHash = (d: PayoutDataset) =>
  createHash('sha256')
    .update(JSON.stringify([d.period, d.participantsCsv, d.quotasCsv, d.transactionsCsv]))
    .digest('hex');

export type EngineProblem = { file: string; line: number; message: string };

/** Checks a dataset against a plan document without calculating: every problem, by file and line. */
export function checkDataset(planDocument: string, d: PayoutDataset): EngineProblem[] {
  const loaded = loadInputs({
    plans: [{ name: 'plan.json', text: planDocument }],
    participants: { name: 'participants', text: d.participantsCsv },
    quotas: { name: 'quotas', text: d.quotasCsv },
    transactions: { name: 'transactions', text: d.transactionsCsv },
    period: d.period,
  });
  return loaded.ok ? [] : loaded.errors.map((e) => ({ file: e.file, line: e.line, message: e.message }));
}

export type EngineOutcome =
  | {
      ok: true;
      lines: { participantId: string; componentId: string; amount: string; explain: unknown }[];
      /** Each participant's total per period, as the engine states it (after a total cap). */
      totals: { participantId: string; period: string; amount: string }[];
      resultHash: string;
    }
  | { ok: false; problems: EngineProblem[] };

/**
 * Runs the engine on a plan version and a dataset, returning every line with its explain trace
 * (`explain: false` leaves the traces out, for a caller that only adds amounts up).
 */
export function runEngine(planDocument: string, d: PayoutDataset, opts: { explain?: boolean } = {}): EngineOutcome {
  const loaded = loadInputs({
    plans: [{ name: 'plan.json', text: planDocument }],
    participants: { name: 'participants', text: d.participantsCsv },
    quotas: { name: 'quotas', text: d.quotasCsv },
    transactions: { name: 'transactions', text: d.transactionsCsv },
    period: d.period,
  });
  if (!loaded.ok) return { ok: false, problems: loaded.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })) };
  const run = calculate({ ...loaded.value, options: { explain: opts.explain ?? true } });
  if (!run.ok) return { ok: false, problems: run.errors.map((message) => ({ file: 'calculation', line: 0, message })) };
  return {
    ok: true,
    lines: run.value.lines.map((l) => ({ participantId: l.participantId, componentId: l.componentId, amount: l.amount, explain: l.explain })),
    totals: run.value.totals.map((t) => ({ participantId: t.participantId, period: t.period, amount: t.amount })),
    resultHash: resultHash(run.value),
  };
}

/**
 * Compares the engine's lines with the expectations, line by line. Lines of one participant and
 * component are added up across the periods of the run. Only expected lines decide the result.
 */
export function compareWithExpected(
  actual: { participantId: string; componentId: string; amount: string; explain: unknown }[],
  expected: ExpectedLine[],
  tolerance: string,
): { passed: boolean; lines: LineResult[] } {
  const tol = new Decimal(tolerance);
  // Money reads with at least its cents; more digits stay when the plan keeps them.
  const money = (d: InstanceType<typeof Decimal>) => (d.decimalPlaces() < 2 ? d.toFixed(2) : d.toFixed());
  const key = (p: string, c: string) => `${p}\u0000${c}`;
  const sums = new Map<string, { amount: InstanceType<typeof Decimal>; explain: unknown[] }>();
  for (const l of actual) {
    const k = key(l.participantId, l.componentId);
    const s = sums.get(k) ?? { amount: new Decimal(0), explain: [] };
    s.amount = s.amount.plus(l.amount);
    s.explain.push(l.explain);
    sums.set(k, s);
  }
  const lines: LineResult[] = expected.map((e) => {
    const got = sums.get(key(e.participantId, e.componentId));
    const difference = got ? got.amount.minus(e.amount) : new Decimal(e.amount).negated();
    const ok = !!got && difference.abs().lte(tol);
    return {
      participantId: e.participantId,
      componentId: e.componentId,
      expected: e.amount,
      actual: got ? money(got.amount) : null,
      difference: money(difference),
      ok,
      explain: got ? (got.explain.length === 1 ? got.explain[0] : got.explain) : undefined,
    };
  });
  return { passed: lines.every((l) => l.ok), lines };
}
