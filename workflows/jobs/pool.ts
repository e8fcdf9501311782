import path from 'node:path';
import { Piscina } from 'piscina';
import { DomainError } from '../errors';
import type { Job, JobResult, JobValue } from './jobs';

let pool: Piscina | undefined;

/**
 * One worker thread for long work (imports), kept warm once started: a 10,000-row import runs there
 * while the server's own thread goes on answering other people. One thread, so jobs that write run one
 * after another instead of contending for the database's single writer.
 * The entry is found from the working directory, as the server finds build/ (a bundled module has no
 * path of its own to start from).
 */
function jobPool(): Piscina {
  pool ??= new Piscina({
    filename: path.resolve('workflows/jobs/worker.mjs'),
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    // Below the web threads in the scheduler's eyes: on a busy machine pages are served first.
    niceIncrement: 10,
  });
  return pool;
}

/** Starts the worker thread ahead of the first job (a page that offers an import calls it). */
export function warmJobs(): void {
  jobPool();
}

/** Runs a job in the worker thread: its value, or its refusal thrown here as the DomainError it was. */
export async function inWorker<J extends Job>(job: J): Promise<JobValue<J>> {
  const result = (await jobPool().run(job)) as JobResult<J>;
  if (!result.ok) throw new DomainError(result.refusal.code, result.refusal.message, result.refusal.fieldErrors, result.refusal.problems);
  return result.value;
}

/** Stops the worker thread (a server shutting down, a test). */
export async function stopJobs(): Promise<void> {
  await pool?.destroy();
  pool = undefined;
}
