import { requireUser } from '~/app/auth/user.server';
import { toCsv } from '~/app/http/csv';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { raidExport, raidExportColumns, raidExportRow } from '~/workflows/raid/view';
import type { Route } from './+types/raid-csv';

/** The RAID log as CSV: every item this person may read, with its computed exposure and overdue flag. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const items = orThrowResponse(() => raidExport(getDb(), actor, projectId, today()));
  return new Response(toCsv([...raidExportColumns], items.map(raidExportRow)), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="project-${projectId}-raid.csv"` },
  });
}
