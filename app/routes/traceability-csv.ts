import { requireUser } from '~/app/auth/user.server';
import { toCsv } from '~/app/http/csv';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { requireProjectPermission } from '~/workflows/project-access';
import { traceability } from '~/workflows/testing/traceability';
import type { Route } from './+types/traceability-csv';

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const { rows } = traceability(db, projectId);
  const csv = toCsv(
    ['requirement', 'version', 'title', 'priority', 'test_cases', 'standings', 'unresolved_defects', 'covered', 'gap'],
    rows.map((r) => [
      r.key,
      String(r.version),
      r.title,
      r.priority,
      r.cases.map((c) => c.key).join(' '),
      r.cases.map((c) => `${c.key} ${c.standing.result}${c.standing.why ? ` (${c.standing.why})` : ''}`).join('; '),
      r.defects.map((d) => `${d.key} ${d.state}`).join('; '),
      r.covered ? 'yes' : 'no',
      r.gap ?? '',
    ]),
  );
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="project-${projectId}-traceability.csv"` },
  });
}
