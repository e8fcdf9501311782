import { href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { GateBadge, RagBadge } from '~/app/components/StatusBadge';
import { getDb } from '~/db/client';
import { listProjects } from '~/db/queries/projects';
import { today as calendarToday } from '~/workflows/clock';
import { currentPhase } from '~/workflows/current-phase';
import { type GateState, gateStateLabels } from '~/workflows/machines/phase-gate';
import { mayCreateProject } from '~/workflows/policy/roles';
import { isPmSomewhere } from '~/workflows/project-access';
import { listedStatuses } from '~/workflows/status/view';
import type { Route } from './+types/projects';

export const meta: Route.MetaFunction = () => [{ title: 'Projects · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const today = calendarToday();
  const listed = listProjects(db, actor);
  const statuses = listedStatuses(db, actor, listed, today);
  const rows = listed.map((p) => {
    const phase = currentPhase(p.phases);
    const status = statuses.get(p.id);
    return {
      id: p.id,
      name: p.name,
      client: p.client,
      kind: p.kind,
      methodology: p.methodology,
      phase: phase?.name ?? '',
      gate: phase?.state ?? '',
      colour: status?.colour ?? '',
      why: status ? status.reasons.join(' ') || 'Every status rule is green.' : '',
      projectManagers: p.projectManagers.join(', '),
      startDate: p.startDate,
      targetGoLive: p.targetGoLive,
    };
  });
  return { rows, mayCreate: mayCreateProject(actor, isPmSomewhere(db, actor.id)) };
}

type Row = Route.ComponentProps['loaderData']['rows'][number];
const columns: Column<Row>[] = [
  { id: 'name', header: 'Project', value: (r) => r.name, link: (r) => href('/projects/:projectId', { projectId: String(r.id) }) },
  { id: 'client', header: 'Client', value: (r) => r.client },
  { id: 'kind', header: 'Kind', value: (r) => r.kind, filter: 'select' },
  { id: 'methodology', header: 'Methodology', value: (r) => r.methodology, hiddenByDefault: true },
  { id: 'phase', header: 'Current phase', value: (r) => r.phase },
  {
    id: 'gate',
    header: 'Gate',
    value: (r) => gateStateLabels[r.gate as GateState] ?? r.gate,
    cell: (r) => <GateBadge state={r.gate} />,
    filter: 'select',
  },
  {
    id: 'status',
    header: 'Status',
    value: (r) => r.colour,
    cell: (r) =>
      r.colour && (
        <span title={r.why}>
          <RagBadge colour={r.colour} />
        </span>
      ),
    filter: 'select',
  },
  { id: 'pm', header: 'Project manager', value: (r) => r.projectManagers },
  { id: 'start', header: 'Start', value: (r) => r.startDate },
  { id: 'target', header: 'Target date', nowrap: true, value: (r) => r.targetGoLive },
];

export default function Projects({ loaderData }: Route.ComponentProps) {
  return (
    <>
      <div className="page-head">
        <h1>Projects</h1>
        {loaderData.mayCreate && (
          <Link className="button primary" to={href('/projects/new')}>
            New project
          </Link>
        )}
      </div>
      <DataTable
        caption="Projects you can see"
        rows={loaderData.rows}
        columns={columns}
        rowKey={(r) => String(r.id)}
        empty="No projects yet."
        initialSort={[{ id: 'name', desc: false }]}
      />
    </>
  );
}
