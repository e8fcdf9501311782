import { data } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { idParam } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { runValidationCase } from '~/workflows/commands/run-validation-case';
import { DomainError } from '~/workflows/errors';
import type { Route } from './+types/plan-validation-run';

/** Runs one payout case on a plan version to validate it, answering its result as JSON (the version page calls it case by case). */
export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  try {
    const run = runValidationCase(
      { db: getDb(), actor },
      { projectId: idParam(params.projectId), planId: idParam(params.planId), number: idParam(params.number), caseId: idParam(params.caseId) },
    );
    return Response.json({ runId: run.id, result: run.result });
  } catch (error) {
    if (error instanceof DomainError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}

export function loader() {
  throw data('Use POST to run a case.', { status: 405 });
}
