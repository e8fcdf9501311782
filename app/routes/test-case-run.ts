import { data } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { idParam } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { DomainError } from '~/workflows/errors';
import type { Route } from './+types/test-case-run';

/** Runs one payout case and answers its result as JSON (the cycle page calls it case by case). */
export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  try {
    const run = runTestCase({ db: getDb(), actor }, { projectId: idParam(params.projectId), caseId: idParam(params.caseId) });
    return Response.json({ runId: run.id, result: run.result, summary: run.summary });
  } catch (error) {
    if (error instanceof DomainError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}

export function loader() {
  throw data('Use POST to run a case.', { status: 405 });
}
