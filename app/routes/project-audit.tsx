import { href, Link, useLocation } from 'react-router';
import { auditFilterFrom } from '~/app/audit/filter.server';
import { auditActionOptions, auditKindOptions, auditPageSize } from '~/app/audit/options.server';
import { requireUser } from '~/app/auth/user.server';
import { AuditTrail } from '~/app/components/AuditTrail';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { auditPage } from '~/db/queries/audit';
import { auditRowsForPeople } from '~/workflows/audit-view';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/project-audit';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Audit trail${data ? ` · ${data.project.name}` : ''} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'project.viewAudit'));
  const filter = { ...auditFilterFrom(new URL(request.url)), projectId };
  const page = auditPage(db, { ...filter, pageSize: auditPageSize });
  return {
    project: { id: project.id, name: project.name },
    rows: auditRowsForPeople(db, page.rows, { admin: actor.isAdmin }),
    paging: { total: page.total, page: page.page, pageSize: page.pageSize },
    filter,
    actions: auditActionOptions,
    kinds: auditKindOptions,
  };
}

export default function ProjectAudit({ loaderData }: Route.ComponentProps) {
  const { project, rows, paging, filter, actions, kinds } = loaderData;
  const { search } = useLocation();
  const projectId = String(project.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects')}>Projects</Link> / <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /
      </p>
      <div className="page-head">
        <h1>Audit trail</h1>
        <a className="button" href={`${href('/projects/:projectId/audit.csv', { projectId })}${search}`} download>
          Export CSV
        </a>
      </div>
      <AuditTrail
        caption={`Audit trail of ${project.name}`}
        rows={rows}
        paging={paging}
        filter={filter}
        actions={actions}
        kinds={kinds}
        clearHref={href('/projects/:projectId/audit', { projectId })}
      />
    </>
  );
}
