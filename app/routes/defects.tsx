import { href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectDefects } from '~/db/queries/testing';
import { type DefectState, defectStateLabels, severityLabel } from '~/workflows/machines/defect';
import { requireProjectPermission } from '~/workflows/project-access';
import { isUnresolved } from '~/workflows/projects/headline';
import type { Route } from './+types/defects';

export const meta: Route.MetaFunction = () => [{ title: 'Defects · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  return {
    project: { id: project.id, name: project.name },
    rows: projectDefects(db, projectId).map((d) => ({
      id: d.id,
      key: d.key,
      title: d.title,
      severity: severityLabel(d.severity),
      state: defectStateLabels[d.state as DefectState] ?? d.state,
      resolved: isUnresolved(d.state) ? 'no' : 'yes',
      caseKey: d.caseKey ?? '',
      caseId: d.caseId,
      assignee: d.assignee ?? '',
      by: d.by,
      createdAt: d.createdAt.slice(0, 10),
    })),
  };
}

type Row = Route.ComponentProps['loaderData']['rows'][number];

export default function Defects({ loaderData }: Route.ComponentProps) {
  const { project, rows } = loaderData;
  const columns: Column<Row>[] = [
    {
      id: 'key',
      nowrap: true,
      header: 'Defect',
      value: (r) => r.key,
      link: (r) => href('/projects/:projectId/defects/:defectId', { projectId: String(project.id), defectId: String(r.id) }),
    },
    { id: 'title', header: 'Title', value: (r) => r.title },
    { id: 'severity', header: 'Severity', value: (r) => r.severity, filter: 'select', nowrap: true },
    {
      id: 'state',
      header: 'State',
      value: (r) => r.state,
      cell: (r) => <span className={`badge defect-${r.resolved === 'no' ? 'open' : 'done'}`}>{r.state}</span>,
      filter: 'select',
    },
    { id: 'resolved', header: 'Resolved', value: (r) => r.resolved, filter: 'select' },
    {
      id: 'case',
      header: 'Case',
      value: (r) => r.caseKey,
      link: (r) => (r.caseId ? href('/projects/:projectId/testing/cases/:caseId', { projectId: String(project.id), caseId: String(r.caseId) }) : null),
    },
    { id: 'assignee', header: 'Assigned to', value: (r) => r.assignee, filter: 'select' },
    { id: 'by', header: 'Logged by', value: (r) => r.by },
    { id: 'created', header: 'Logged', value: (r) => r.createdAt },
  ];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/testing', { projectId: String(project.id) })}>Testing</Link> /
      </p>
      <h1>Defects</h1>
      <DataTable
        caption={`Defects of ${project.name}`}
        rows={rows}
        columns={columns}
        rowKey={(r) => String(r.id)}
        empty="No defects logged."
        initialSort={[{ id: 'severity', desc: false }]}
      />
    </>
  );
}
