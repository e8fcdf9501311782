import { getDb } from '~/db/client';
import type { FormFields } from '../command';
import { createParallelRun } from '../commands/create-parallel-run';
import { generateDatasetCommand } from '../commands/generate-dataset';
import { importRequirements } from '../commands/import-requirements';
import { uploadDataset } from '../commands/upload-dataset';
import { DomainError } from '../errors';
import { type CompareCsv, type ComparePage, compareCsv, comparePage, type ScenarioPage, scenarioPageShown } from '../modeling/scenarios';
import { type SweepRequest, type SweepStep, sweepStep } from '../modeling/sweeps';
import { type DatasetPage, datasetPage } from '../modeling/view';
import { type ImpactSource, type PlanImpact, planImpact } from '../plans/impact';
import type { Actor } from '../policy/roles';

/**
 * Work that runs in a worker thread (workflows/jobs/pool.ts), on the thread's own connection to the
 * database file (WAL: the server's readers are not blocked meanwhile). Each job is a command run as it
 * runs anywhere else; only plain data crosses between threads.
 */
export type Job =
  | { name: 'importRequirements'; actor: Actor; input: { projectId: number; csv: string } }
  | { name: 'createParallelRun'; actor: Actor; input: FormFields }
  | { name: 'planImpact'; actor: Actor; input: { ref: { projectId: number; planId: number; number: number }; source: ImpactSource } }
  | { name: 'uploadDataset'; actor: Actor; input: FormFields }
  | { name: 'generateDataset'; actor: Actor; input: FormFields }
  | { name: 'scenarioPage'; actor: Actor; input: { projectId: number; scenarioId: number } }
  | { name: 'comparePage'; actor: Actor; input: { projectId: number; scenarioIds: number[] } }
  | { name: 'datasetPage'; actor: Actor; input: { projectId: number; datasetId: number } }
  | { name: 'sweepStep'; actor: Actor; input: { request: SweepRequest; index: number } }
  | { name: 'compareCsv'; actor: Actor; input: { projectId: number; scenarioIds: number[] } };

type Values = {
  importRequirements: string[];
  createParallelRun: { id: number };
  planImpact: PlanImpact;
  uploadDataset: { id: number; name: string };
  generateDataset: { id: number; name: string };
  scenarioPage: ScenarioPage;
  comparePage: ComparePage;
  datasetPage: DatasetPage;
  sweepStep: SweepStep;
  compareCsv: CompareCsv;
};
export type JobValue<J extends Job> = Values[J['name']];

/** A refusal as plain data (a class does not survive the trip between threads). */
export type Refusal = Pick<DomainError, 'code' | 'message' | 'fieldErrors' | 'problems'>;
export type JobResult<J extends Job> = { ok: true; value: JobValue<J> } | { ok: false; refusal: Refusal };

async function perform(job: Job): Promise<Values[Job['name']]> {
  const ctx = { db: getDb(), actor: job.actor };
  switch (job.name) {
    case 'importRequirements':
      return await importRequirements(ctx, job.input);
    case 'createParallelRun':
      // The engine run and thousands of variance lines; only the new run's id goes back.
      return { id: createParallelRun(ctx, job.input).id };
    case 'planImpact':
      // Two full engine runs of a dataset (a read: nothing is written, an uploaded dataset is not kept).
      return planImpact(ctx.db, job.actor, job.input.ref, job.input.source);
    case 'uploadDataset': {
      // The engine checks up to a million transaction rows: off the server's thread.
      const { id, name } = uploadDataset(ctx, job.input);
      return { id, name };
    }
    case 'generateDataset': {
      const { id, name } = generateDatasetCommand(ctx, job.input);
      return { id, name };
    }
    case 'scenarioPage':
      // Two full engine runs (the base and the scenario) on a dataset of up to a million transactions.
      return scenarioPageShown(ctx.db, job.actor, job.input.projectId, job.input.scenarioId);
    case 'comparePage':
      // The base and up to four scenarios: five full engine runs.
      return comparePage(ctx.db, job.actor, job.input.projectId, job.input.scenarioIds);
    case 'datasetPage':
      // The plan's version on the whole dataset; the first run parses the dataset and keeps it for the scenarios.
      return datasetPage(ctx.db, job.actor, job.input.projectId, job.input.datasetId);
    case 'sweepStep':
      // One full engine run on a kept dataset (up to a million transactions).
      return sweepStep(ctx.db, job.actor, job.input.request, job.input.index);
    case 'compareCsv':
      // The same five runs as the compare page, and every participant's row (the route writes the CSV).
      return compareCsv(ctx.db, job.actor, job.input.projectId, job.input.scenarioIds);
  }
}

export async function runJob<J extends Job>(job: J): Promise<JobResult<J>> {
  try {
    return { ok: true, value: (await perform(job)) as JobValue<J> };
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false, refusal: { code: error.code, message: error.message, fieldErrors: error.fieldErrors, problems: error.problems } };
    throw error;
  }
}
