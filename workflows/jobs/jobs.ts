import { getDb } from '~/db/client';
import { importRequirements } from '../commands/import-requirements';
import { DomainError } from '../errors';
import type { Actor } from '../policy/roles';

/**
 * Work that runs in a worker thread (workflows/jobs/pool.ts), on the thread's own connection to the
 * database file (WAL: the server's readers are not blocked meanwhile). Each job is a command run as it
 * runs anywhere else; only plain data crosses between threads.
 */
export type Job = { name: 'importRequirements'; actor: Actor; input: { projectId: number; csv: string } };
export type JobValue<J extends Job> = J['name'] extends 'importRequirements' ? string[] : never;

/** A refusal as plain data (a class does not survive the trip between threads). */
export type Refusal = Pick<DomainError, 'code' | 'message' | 'fieldErrors' | 'problems'>;
export type JobResult<J extends Job> = { ok: true; value: JobValue<J> } | { ok: false; refusal: Refusal };

export async function runJob<J extends Job>(job: J): Promise<JobResult<J>> {
  try {
    const ctx = { db: getDb(), actor: job.actor };
    switch (job.name) {
      case 'importRequirements':
        return { ok: true, value: (await importRequirements(ctx, job.input)) as JobValue<J> };
    }
    throw new Error(`Unknown job ${String((job as Job).name)}`);
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false, refusal: { code: error.code, message: error.message, fieldErrors: error.fieldErrors, problems: error.problems } };
    throw error;
  }
}
