import { auditFilterFrom } from '~/app/audit/filter.server';
import { requireUser } from '~/app/auth/user.server';
import { toCsv } from '~/app/http/csv';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { auditEntries } from '~/db/queries/audit';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/project-audit-csv';

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'project.viewAudit'));
  const rows = auditEntries(db, { ...auditFilterFrom(new URL(request.url)), projectId, limit: 1_000_000 });
  const csv = toCsv(
    ['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'from_state', 'to_state', 'detail', 'before', 'after', 'hash'],
    rows.map((r) => [r.id, r.at, r.actorName, r.action, r.subjectType, r.subjectId, r.fromState, r.toState, r.detail, r.before, r.after, r.hash]),
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="project-${projectId}-audit.csv"`,
    },
  });
}
