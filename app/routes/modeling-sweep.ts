import { data } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { formObject } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { startSweep } from '~/workflows/commands/start-sweep';
import { DomainError } from '~/workflows/errors';
import { inWorker } from '~/workflows/jobs/pool';
import { SweepRequest } from '~/workflows/modeling/sweeps';
import type { Route } from './+types/modeling-sweep';

/**
 * A sensitivity sweep of a scenario, for the scenario page's script: without `step`, the sweep is
 * checked and recorded and its values come back; with `step` (0-based), that step is run in the worker
 * thread and its figures come back. Refusals answer JSON with the message and the fields at fault.
 */
export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const { step, ...form } = formObject(await request.formData());
  const fields = { ...form, projectId: params.projectId, scenarioId: params.scenarioId };
  try {
    if (step === undefined) return Response.json(startSweep({ db: getDb(), actor }, fields));
    const parsed = SweepRequest.safeParse(fields);
    if (!parsed.success) return Response.json({ error: 'Check the sweep’s fields.' }, { status: 400 });
    const index = Number(step);
    if (!Number.isInteger(index) || index < 0) return Response.json({ error: 'The step is a whole number from 0.' }, { status: 400 });
    return Response.json(await inWorker({ name: 'sweepStep', actor, input: { request: parsed.data, index } }));
  } catch (error) {
    if (error instanceof DomainError) return Response.json({ error: error.message, fieldErrors: error.fieldErrors ?? {} }, { status: error.status });
    throw error;
  }
}

export function loader() {
  throw data('Use POST to run a sweep.', { status: 405 });
}
