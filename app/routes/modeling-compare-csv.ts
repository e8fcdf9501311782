import { data } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { toCsv } from '~/app/http/csv';
import { idParam } from '~/app/http/route.server';
import { chosenScenarios } from '~/app/modeling/compare.server';
import { DomainError } from '~/workflows/errors';
import { inWorker } from '~/workflows/jobs/pool';
import type { Route } from './+types/modeling-compare-csv';

/**
 * Every participant's payout under the base and each compared scenario, with the delta against the
 * base, as CSV (the compare page's `?scenario=` and checks): the largest gain under the first scenario
 * first. The engine runs happen in the worker thread; a run the engine refuses is a 422 in words.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const scenarioIds = chosenScenarios(request);
  try {
    const { filename, header, rows } = await inWorker({ name: 'compareCsv', actor, input: { projectId, scenarioIds } });
    return new Response(toCsv(header, rows), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` },
    });
  } catch (error) {
    if (error instanceof DomainError) throw data(error.message, { status: error.status });
    throw error;
  }
}
