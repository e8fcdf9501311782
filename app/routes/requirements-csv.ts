import { requireUser } from '~/app/auth/user.server';
import { toCsv } from '~/app/http/csv';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { gridQueryFrom } from '~/app/requirements/grid-params.server';
import { getDb } from '~/db/client';
import { requirementGrid } from '~/db/queries/requirements';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/requirements-csv';

/** The register as CSV, with the same filters and sort as the page, every row. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.view'));
  const { rows } = requirementGrid(db, { ...gridQueryFrom(new URL(request.url), projectId), page: 1, pageSize: 1_000_000 });
  const csv = toCsv(
    ['key', 'title', 'category', 'priority', 'status', 'owner', 'version', 'suspect_since', 'updated_at'],
    rows.map((r) => [r.key, r.title, r.category, r.priority, r.status, r.owner, r.version, r.suspect, r.updatedAt]),
  );
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="project-${projectId}-requirements.csv"` },
  });
}
