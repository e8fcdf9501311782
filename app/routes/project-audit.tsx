import { Form, href, Link, useLocation } from 'react-router';
import { auditFilterFrom } from '~/app/audit/filter.server';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { auditActions, auditEntries } from '~/db/queries/audit';
import { auditActionLabel, auditSubjectLabel } from '~/workflows/audit-catalogue';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/project-audit';

export const meta: Route.MetaFunction = () => [{ title: 'Audit trail · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'project.viewAudit'));
  const filter = auditFilterFrom(new URL(request.url));
  const rows = auditEntries(db, { ...filter, projectId }).map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actorName,
    action: auditActionLabel(r.action),
    subject: `${auditSubjectLabel(r.subjectType)} ${r.subjectId}`,
    transition: r.fromState || r.toState ? `${r.fromState ?? ''} → ${r.toState ?? ''}` : '',
    detail: r.detail,
  }));
  return {
    project: { id: project.id, name: project.name },
    rows,
    filter,
    actions: auditActions(db, projectId).map((a) => ({ value: a, label: auditActionLabel(a) })),
  };
}

type Row = Route.ComponentProps['loaderData']['rows'][number];
const columns: Column<Row>[] = [
  { id: 'id', header: '#', value: (r) => r.id, numeric: true },
  { id: 'at', header: 'When (UTC)', value: (r) => r.at, cell: (r) => <time dateTime={r.at}>{r.at.slice(0, 19).replace('T', ' ')}</time> },
  { id: 'actor', header: 'Who', value: (r) => r.actor, filter: 'select' },
  { id: 'action', header: 'What', value: (r) => r.action, filter: 'select' },
  { id: 'subject', header: 'Subject', value: (r) => r.subject, hiddenByDefault: true },
  { id: 'transition', header: 'From → to', value: (r) => r.transition },
  { id: 'detail', header: 'Detail', value: (r) => r.detail },
];

export default function ProjectAudit({ loaderData }: Route.ComponentProps) {
  const { project, rows, filter, actions } = loaderData;
  const { search } = useLocation();
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects')}>Projects</Link> / <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /
      </p>
      <div className="page-head">
        <h1>Audit trail</h1>
        <a className="button" href={`${href('/projects/:projectId/audit.csv', { projectId: String(project.id) })}${search}`} download>
          Export CSV
        </a>
      </div>
      <Form method="get" className="card form inline-form" aria-label="Audit filters">
        <label>
          Who
          <input type="text" name="actor" defaultValue={filter.actor ?? ''} placeholder="Name contains" />
        </label>
        <label>
          What
          <select name="action" defaultValue={filter.action ?? ''}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={filter.from ?? ''} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={filter.to ?? ''} />
        </label>
        <button type="submit">Apply filters</button>
        <Link to={href('/projects/:projectId/audit', { projectId: String(project.id) })}>Clear</Link>
      </Form>
      <DataTable
        caption={`Audit trail of ${project.name}`}
        rows={rows}
        columns={columns}
        rowKey={(r) => String(r.id)}
        empty="No audit entries match these filters."
        pageSize={50}
        initialSort={[{ id: 'id', desc: true }]}
      />
    </>
  );
}
