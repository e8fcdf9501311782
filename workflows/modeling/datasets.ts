import { and, eq, getTableColumns } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn, Tx } from '~/db/client';
import { type DatasetSource, modelingDatasets, plans } from '~/db/schema';
import { emitAudit } from '../audit';
import { DomainError, invalid, notFound } from '../errors';
import { id, text } from '../input';
import { versionForCases } from '../plans/effective';
import type { Actor } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { checkDataset, datasetHash, type PayoutDataset } from '../testing/engine-run';
import { GENERATE_LIMITS } from './generate';

/**
 * Modeling datasets (issue 13): the engine's three CSV files and a period, checked by the engine
 * against the version of a plan cases run on, stored whole. Larger than a payout case's: a model runs
 * a sales force (up to 20,000 participants and 1,000,000 transactions).
 */

export const modelingLimits = {
  participants: { rows: GENERATE_LIMITS.participants, bytes: 4 * 1024 * 1024 },
  quotas: { rows: 5 * GENERATE_LIMITS.participants, bytes: 8 * 1024 * 1024 },
  transactions: { rows: GENERATE_LIMITS.transactions, bytes: 96 * 1024 * 1024 },
} as const;

const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;
/** The limits in words, for the page and the refusals. */
export const modelingLimitsText = `participants: at most ${modelingLimits.participants.rows.toLocaleString('en-US')} rows and ${mb(modelingLimits.participants.bytes)}; quotas: ${modelingLimits.quotas.rows.toLocaleString('en-US')} rows and ${mb(modelingLimits.quotas.bytes)}; transactions: ${modelingLimits.transactions.rows.toLocaleString('en-US')} rows and ${mb(modelingLimits.transactions.bytes)}`;
/** The most bytes an upload form may have (the files and the fields around them). */
export const maxModelingFormBytes = modelingLimits.participants.bytes + modelingLimits.quotas.bytes + modelingLimits.transactions.bytes + 64 * 1024;

/** Lines with something on them after the header line. */
export function rowsUnderHeader(csv: string): number {
  let rows = 0;
  let start = 0;
  while (start <= csv.length) {
    let end = csv.indexOf('\n', start);
    if (end === -1) end = csv.length;
    if (csv.slice(start, end).trim() !== '') rows++;
    start = end + 1;
  }
  return Math.max(rows - 1, 0);
}

const csvFile = (what: keyof typeof modelingLimits) => {
  const { rows, bytes } = modelingLimits[what];
  const limit = `at most ${rows.toLocaleString('en-US')} rows and ${mb(bytes)}`;
  return z
    .string(`Choose the ${what} file.`)
    .min(1, `Choose the ${what} file.`)
    .refine((csv) => Buffer.byteLength(csv, 'utf8') <= bytes, { error: `This file is larger than the limit: ${limit}.`, abort: true })
    .refine((csv) => rowsUnderHeader(csv) <= rows, { error: `This file has more than ${rows.toLocaleString('en-US')} rows: ${limit}.` });
};

export const datasetName = () => text({ max: 120, min: 2, message: 'Give the dataset a name (at least 2 characters).' });
export const datasetPeriod = () => z.string().trim().min(1, 'Give the period, e.g. 2026-Q1.').max(20);

export const uploadDatasetFields = {
  projectId: id(),
  planId: id('Choose a plan of this project.'),
  name: datasetName(),
  period: datasetPeriod(),
  participantsCsv: csvFile('participants'),
  quotasCsv: csvFile('quotas'),
  transactionsCsv: csvFile('transactions'),
};

/** A dataset the engine refuses: every problem, by file and line; nothing is stored. */
export class DatasetRefused extends DomainError {
  constructor(problems: { file: string; line: number; message: string }[]) {
    super('invalid', `The dataset was not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'} in its files.`, {}, problems);
  }
}

/** The plan of this project a dataset is checked against, and the version its cases run on. */
export function planForDataset(conn: Conn, projectId: number, planId: number) {
  const plan = conn
    .select()
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.projectId, projectId)))
    .get();
  const version = plan ? versionForCases(conn, plan) : null;
  if (!plan || !version) throw invalid('Check the highlighted fields.', { planId: 'Choose a plan of this project.' });
  return { plan, version };
}

/** Distinct participant ids of a participants file (a participant may have several rows). */
function participantCount(csv: string): number {
  const ids = new Set<string>();
  const lines = csv.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    ids.add(line.split(',')[0]?.trim() ?? '');
  }
  return ids.size;
}

/** Checks the dataset with the engine, refusing it with every problem, and stores it, audited. */
export function insertDataset(
  tx: Tx,
  actor: Actor,
  at: Date,
  input: { projectId: number; planId: number; name: string; source: DatasetSource; parameters: Record<string, unknown> | null } & PayoutDataset,
) {
  requireProjectPermission(tx, actor, input.projectId, 'model.write');
  const { plan, version } = planForDataset(tx, input.projectId, input.planId);
  const dataset: PayoutDataset = {
    period: input.period,
    participantsCsv: input.participantsCsv,
    quotasCsv: input.quotasCsv,
    transactionsCsv: input.transactionsCsv,
  };
  const problems = checkDataset(version.document, dataset);
  if (problems.length) throw new DatasetRefused(problems);
  const hash = datasetHash(dataset);
  const row = tx
    .insert(modelingDatasets)
    .values({
      projectId: input.projectId,
      planId: plan.id,
      name: input.name,
      ...dataset,
      participantCount: participantCount(dataset.participantsCsv),
      transactionCount: rowsUnderHeader(dataset.transactionsCsv),
      datasetHash: hash,
      source: input.source,
      parameters: input.parameters,
      createdBy: actor.id,
      createdAt: at.toISOString(),
    })
    .returning({ id: modelingDatasets.id, name: modelingDatasets.name, datasetHash: modelingDatasets.datasetHash })
    .get();
  emitAudit(tx, {
    at,
    actor,
    projectId: input.projectId,
    action: input.source === 'upload' ? 'model.dataset_uploaded' : 'model.dataset_generated',
    subjectType: 'modeling_dataset',
    subjectId: String(row.id),
    after: { name: input.name, plan: plan.planKey, period: dataset.period, datasetHash: hash, parameters: input.parameters },
  });
  return row;
}

/**
 * A dataset of the project without its transactions file (up to a million rows: read only when a run
 * needs it, see workflows/modeling/runner.ts); not found under another project.
 */
export function loadDataset(conn: Conn, projectId: number, datasetId: number) {
  const { transactionsCsv: _, ...columns } = getTableColumns(modelingDatasets);
  const row = conn.select(columns).from(modelingDatasets).where(eq(modelingDatasets.id, datasetId)).get();
  if (!row || row.projectId !== projectId) throw notFound('No such dataset in this project.');
  return row;
}

/** A dataset's transactions file. */
export function loadTransactionsCsv(conn: Conn, datasetId: number): string {
  const row = conn.select({ csv: modelingDatasets.transactionsCsv }).from(modelingDatasets).where(eq(modelingDatasets.id, datasetId)).get();
  if (!row) throw notFound('No such dataset.');
  return row.csv;
}
