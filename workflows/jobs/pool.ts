import cluster from 'node:cluster';
import path from 'node:path';
import { Piscina } from 'piscina';
import { DomainError } from '../errors';
import type { Job, JobResult, JobValue } from './jobs';

let pool: Piscina | undefined;

/**
 * One worker thread for long work (imports, modeling runs), kept warm once started: a 10,000-row import
 * runs there while the server's own thread goes on answering other people. One thread, so jobs that
 * write run one after another instead of contending for the database's single writer.
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

/**
 * With several web workers (node:cluster, scripts/start.ts), each sends its jobs to the primary
 * process, which runs them on its one job thread: one thread for the whole portal, so jobs that write
 * still run one after another, and a modeling dataset is parsed and kept once, not once per web worker.
 */
const viaPrimary = cluster.isWorker && process.env.JOBS_IN_PRIMARY === '1';

/** Where this process's jobs run (an admin sees it on /healthz). */
export const jobsRunIn = (): 'primary' | 'local' => (viaPrimary ? 'primary' : 'local');

type Reply = { type: 'job-result'; id: number; result?: JobResult<Job>; error?: string };
const waiting = new Map<number, (reply: Reply) => void>();
let sent = 0;

function sendToPrimary<J extends Job>(job: J): Promise<JobResult<J>> {
  if (sent === 0)
    process.on('message', (m: Reply) => {
      if (m?.type !== 'job-result') return;
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
  const id = ++sent;
  return new Promise((resolve, reject) => {
    waiting.set(id, (reply) => (reply.error !== undefined ? reject(new Error(reply.error)) : resolve(reply.result as JobResult<J>)));
    process.send?.({ type: 'job', id, job });
  });
}

/** Runs a job on this process's job thread (the primary does it for its web workers). */
export const runOnThread = <J extends Job>(job: J) => jobPool().run(job) as Promise<JobResult<J>>;

/** In the primary of a cluster: runs the jobs its web workers send, answering each with its result or error. */
export function serveJobsForWebWorkers(): void {
  jobPool();
  cluster.on('message', (worker, m: { type?: string; id: number; job: Job }) => {
    if (m?.type !== 'job') return;
    runOnThread(m.job).then(
      (result) => worker.send({ type: 'job-result', id: m.id, result }),
      (error: unknown) => worker.send({ type: 'job-result', id: m.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/** Starts the worker thread ahead of the first job (a page that offers an import calls it). */
export function warmJobs(): void {
  if (!viaPrimary) jobPool();
}

/** Runs a job in the worker thread: its value, or its refusal thrown here as the DomainError it was. */
export async function inWorker<J extends Job>(job: J): Promise<JobValue<J>> {
  const result = viaPrimary ? await sendToPrimary(job) : await runOnThread(job);
  if (!result.ok) throw new DomainError(result.refusal.code, result.refusal.message, result.refusal.fieldErrors, result.refusal.problems);
  return result.value;
}

/** Stops the worker thread (a server shutting down, a test). */
export async function stopJobs(): Promise<void> {
  await pool?.destroy();
  pool = undefined;
}
