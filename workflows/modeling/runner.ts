/**
 * Modeling runs on stored datasets (issue 13), with the dataset read and parsed once and kept ready.
 *
 * Parsing a million transaction rows takes about five times as long as calculating them, and a scenario
 * changes the plan, the participants' target incentives or the quotas, never the transactions. So the
 * transactions table parsed from a dataset is kept (by the dataset's content hash) in the thread that
 * runs modeling jobs, and each run parses only the small files with the scenario's changes applied.
 * The parsed table is reused only under the conditions its checks depended on: the same participant ids
 * and dates (scenario changes touch only target incentives and quotas) and the same plans with the
 * same overlay rule; otherwise, or when any file has a problem, the run parses everything as a fresh
 * run would, so problems are reported exactly as `modelingResults` reports them.
 *
 * Results are kept too, by dataset, document and dataset changes: the base of a scenario page is the
 * same run for every scenario of a plan version and dataset. Both caches are small and bounded.
 */
import type { Conn } from '~/db/client';
import type { CompiledPlan, LoadedInputs, ParticipantTable, Quotas, TransactionTable } from '~/engine';
import { loadInputs, parseParticipantsCsv, parsePeriodSpec, parseQuotasCsv, sha256Hex, validatePlans } from '~/engine';
import type { EngineProblem } from '../testing/engine-run';
import { loadTransactionsCsv } from './datasets';
import { type DesignedCurve, designedCurveFor, type TypicalParticipant, typicalParticipant } from './designed-curve';
import { type CostOutcome, costOfLoaded, type ModelingOptions, type ModelingOutcome, resultsOfLoaded } from './results';
import { applyDatasetChanges, type DatasetChange } from './scenario';

/** A stored dataset as a run needs it: the small files; the transactions are read only when not kept. */
export interface StoredDataset {
  id: number;
  datasetHash: string;
  period: string;
  participantsCsv: string;
  quotasCsv: string;
}

interface Kept {
  transactions: TransactionTable;
  /** the participants text and plans' overlay rules the table was checked against */
  participantsKey: string;
  overlayKey: string;
}

const KEEP_DATASETS = 2;
const KEEP_RESULTS = 16;
const datasets = new Map<string, Kept>();
/** How many runs parsed a transactions file (tests and the benchmark show a dataset is parsed once). */
export const runnerStats = { transactionParses: 0 };
const results = new Map<string, ModelingOutcome | CostOutcome>();

/** Least recently used first: a Map keeps insertion order, so a hit is moved to the end. */
function remember<T>(cache: Map<string, T>, key: string, value: T, max: number): T {
  cache.delete(key);
  cache.set(key, value);
  while (cache.size > max) cache.delete(cache.keys().next().value as string);
  return value;
}

const overlayKeyOf = (plans: Map<string, CompiledPlan>) =>
  [...plans.values()]
    .map((p) => `${p.id}:${p.allowOverlay ? 1 : 0}`)
    .sort()
    .join(',');

/** Participant ids, plans and dates, in order: what the transactions' checks read from the participants file. */
const participantsKeyOf = (table: ParticipantTable) => table.assignments.map((a) => `${a.participantId}|${a.planId}|${a.start}|${a.end}`).join('\n');

/** The inputs with a kept transactions table, or null when anything would need a full parse to report. */
function loadWithKept(document: string, participantsCsv: string, quotasCsv: string, period: string, kept: Kept): LoadedInputs | null {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    return null;
  }
  const plans = validatePlans(json);
  const spec = parsePeriodSpec(period);
  if (!plans.ok || !spec.ok || overlayKeyOf(plans.value) !== kept.overlayKey) return null;
  const small = smallTablesFor(participantsCsv, quotasCsv, plans.value);
  if (!small || participantsKeyOf(small.participants) !== kept.participantsKey) return null;
  return { plans: plans.value, participants: small.participants, quotas: small.quotas, transactions: kept.transactions, periods: spec.value };
}

/**
 * The participants and quotas tables, kept too: a sweep's steps change only rates and bounds, and
 * parsing 10,000 rows of each took about a quarter of a step. Their checks read of the plans only each
 * plan's id, currency and measure ids, so those are the key with the two texts; a problem is not kept.
 */
const smallTables = new Map<string, { participants: ParticipantTable; quotas: Quotas }>();
function smallTablesFor(participantsCsv: string, quotasCsv: string, plans: Map<string, CompiledPlan>) {
  const planShape = [...plans.values()].map((p) => [p.id, p.currency, p.measures.map((m) => m.id)]);
  const key = sha256Hex(JSON.stringify([participantsCsv, quotasCsv, planShape]));
  const known = smallTables.get(key);
  if (known) return remember(smallTables, key, known, KEEP_DATASETS);
  const participants = parseParticipantsCsv(participantsCsv, { file: 'participants', plans });
  if (!participants.ok) return null;
  const quotas = parseQuotasCsv(quotasCsv, { participants: participants.value, plans, file: 'quotas' });
  if (!quotas.ok) return null;
  return remember(smallTables, key, { participants: participants.value, quotas: quotas.value }, KEEP_DATASETS);
}

/** Parses everything (the first run on a dataset, or a run the kept table does not fit), keeping the transactions. */
function loadFully(conn: Conn, dataset: StoredDataset, document: string, participantsCsv: string, quotasCsv: string) {
  const transactionsCsv = loadTransactionsCsv(conn, dataset.id);
  runnerStats.transactionParses++;
  const loaded = loadInputs({
    plans: [{ name: 'plan.json', text: document }],
    participants: { name: 'participants', text: participantsCsv },
    quotas: { name: 'quotas', text: quotasCsv },
    transactions: { name: 'transactions', text: transactionsCsv },
    period: dataset.period,
  });
  if (loaded.ok && participantsCsv === dataset.participantsCsv) {
    // Kept only as parsed against the dataset's own participants, so the key below is the stored file's.
    remember(
      datasets,
      dataset.datasetHash,
      { transactions: loaded.value.transactions, participantsKey: participantsKeyOf(loaded.value.participants), overlayKey: overlayKeyOf(loaded.value.plans) },
      KEEP_DATASETS,
    );
  }
  return loaded;
}

type Loaded = { ok: true; value: LoadedInputs } | { ok: false; problems: EngineProblem[] };

/** The inputs of a run: the small files with the changes applied, parsed; the transactions kept. */
function loadForRun(conn: Conn, dataset: StoredDataset, document: string, changes: readonly DatasetChange[]): Loaded {
  const small = applyDatasetChanges({ ...dataset, transactionsCsv: '' }, changes);
  // the first run on a dataset parses it whole and keeps its transactions
  if (!datasets.has(dataset.datasetHash)) loadFully(conn, dataset, document, dataset.participantsCsv, dataset.quotasCsv);
  const kept = datasets.get(dataset.datasetHash);
  if (kept) remember(datasets, dataset.datasetHash, kept, KEEP_DATASETS);
  const quick = kept ? loadWithKept(document, small.participantsCsv, small.quotasCsv, dataset.period, kept) : null;
  if (quick) return { ok: true, value: quick };
  const loaded = loadFully(conn, dataset, document, small.participantsCsv, small.quotasCsv);
  return loaded.ok ? loaded : { ok: false, problems: loaded.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })) };
}

const keyOf = (what: string, dataset: StoredDataset, document: string, changes: readonly DatasetChange[], options: ModelingOptions) =>
  sha256Hex(JSON.stringify([what, dataset.datasetHash, document, changes, options]));

/**
 * The modeling results of a plan document on a stored dataset with the scenario's dataset changes,
 * exactly as `modelingResults` computes them on the changed files (a test holds both ways equal).
 */
export function runModel(
  conn: Conn,
  dataset: StoredDataset,
  document: string,
  changes: readonly DatasetChange[],
  options: ModelingOptions = {},
): ModelingOutcome {
  const key = keyOf('results', dataset, document, changes, options);
  const known = results.get(key);
  if (known) return remember(results, key, known, KEEP_RESULTS) as ModelingOutcome;
  const loaded = loadForRun(conn, dataset, document, changes);
  const outcome: ModelingOutcome = loaded.ok ? resultsOfLoaded(loaded.value, dataset.period, options) : loaded;
  return remember(results, key, outcome, KEEP_RESULTS) as ModelingOutcome;
}

/** Only the cost figures of the same run (a sweep's step): the engine run without the per-participant figures. */
export function runCost(conn: Conn, dataset: StoredDataset, document: string, changes: readonly DatasetChange[], options: ModelingOptions = {}): CostOutcome {
  const key = keyOf('cost', dataset, document, changes, options);
  const known = results.get(key);
  if (known) return remember(results, key, known, KEEP_RESULTS) as CostOutcome;
  const loaded = loadForRun(conn, dataset, document, changes);
  const outcome: CostOutcome = loaded.ok ? costOfLoaded(loaded.value, options) : loaded;
  return remember(results, key, outcome, KEEP_RESULTS) as CostOutcome;
}

const designed = new Map<string, DesignedCurve | null>();
const typicals = new Map<string, TypicalParticipant | null>();

/**
 * The plan's designed curve for a stored dataset with the scenario's dataset changes, kept like the
 * results. The typical participant (every row of the participants and quotas files read) is kept by
 * dataset and dataset changes, so each new plan document only costs the small synthetic run.
 */
export function runDesignedCurve(dataset: StoredDataset, document: string, changes: readonly DatasetChange[]): DesignedCurve | null {
  const key = keyOf('designed', dataset, document, changes, {});
  if (designed.has(key)) return remember(designed, key, designed.get(key) ?? null, KEEP_RESULTS);
  const typicalKey = keyOf('typical', dataset, '', changes, {});
  const typical = typicals.has(typicalKey)
    ? (typicals.get(typicalKey) ?? null)
    : remember(typicals, typicalKey, typicalParticipant(applyDatasetChanges({ ...dataset, transactionsCsv: '' }, changes)), KEEP_RESULTS);
  return remember(designed, key, designedCurveFor(document, dataset.period, typical), KEEP_RESULTS);
}

/** Forgets what is kept (tests; a dataset deleted). */
export function forgetModelingCaches(): void {
  datasets.clear();
  smallTables.clear();
  results.clear();
  designed.clear();
  typicals.clear();
}
