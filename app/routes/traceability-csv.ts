import { requireUser } from '~/app/auth/user.server';
import { toCsv } from '~/app/http/csv';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { traceability } from '~/db/queries/testing';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/traceability-csv';

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const { rows } = traceability(db, projectId);
  const csv = toCsv(
    ['requirement', 'title', 'priority', 'test_cases', 'latest_results', 'open_defects', 'covered'],
    rows.map((r) => [
      r.key,
      r.title,
      r.priority,
      r.cases.map((c) => c.key).join(' '),
      r.cases.map((c) => c.result).join(' '),
      r.openDefects.join(' '),
      r.covered ? 'yes' : 'no',
    ]),
  );
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="project-${projectId}-traceability.csv"` },
  });
}
