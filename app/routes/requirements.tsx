import { href, Link, useSearchParams } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { FilterForm, useSearchUpdate } from '~/app/components/FilterForm';
import { RequirementBadge } from '~/app/components/StatusBadge';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { gridQueryFrom } from '~/app/requirements/grid-params.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { requirementGrid, requirementStatusCounts } from '~/db/queries/requirements';
import { requirementCategories, requirementPriorities } from '~/db/queries/vocabulary';
import { signoffStateLabels, signoffStates } from '~/workflows/machines/requirement-signoff';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/requirements';

export const meta: Route.MetaFunction = () => [{ title: 'Requirements · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.view'));
  const query = gridQueryFrom(new URL(request.url), projectId);
  return {
    project: { id: project.id, name: project.name },
    grid: requirementGrid(db, query),
    counts: requirementStatusCounts(db, projectId),
    query,
    owners: projectMemberList(db, projectId).filter((m) => m.role === 'stakeholder'),
    may: { write: mayOnProject(actor, roles, 'requirement.write'), baseline: mayOnProject(actor, roles, 'requirement.baseline') },
  };
}

type Row = Route.ComponentProps['loaderData']['grid']['rows'][number];

export default function Requirements({ loaderData }: Route.ComponentProps) {
  const { project, grid, counts, query, owners, may } = loaderData;
  const [params] = useSearchParams();
  const projectId = String(project.id);
  const columns: Column<Row>[] = [
    {
      id: 'key',
      nowrap: true,
      header: 'Key',
      value: (r) => r.key,
      link: (r) => href('/projects/:projectId/requirements/:requirementId', { projectId, requirementId: String(r.id) }),
    },
    {
      id: 'title',
      header: 'Title',
      value: (r) => r.title,
      cell: (r) => (
        <>
          {r.title}{' '}
          {r.suspect && (
            <span className="badge health-at-risk" title="A linked requirement changed">
              suspect
            </span>
          )}
        </>
      ),
    },
    { id: 'category', header: 'Category', value: (r) => r.category },
    { id: 'priority', header: 'Priority', value: (r) => r.priority },
    { id: 'status', header: 'Status', value: (r) => r.status, cell: (r) => <RequirementBadge state={r.status} /> },
    { id: 'owner', header: 'Owner', value: (r) => r.owner },
    { id: 'version', header: 'Version', value: (r) => r.version, numeric: true, hiddenByDefault: true },
    { id: 'examples', header: 'Worked examples', value: (r) => r.examples, numeric: true, hiddenByDefault: true },
    { id: 'updated', header: 'Updated', nowrap: true, value: (r) => r.updatedAt.slice(0, 10) },
  ];
  const go = useSearchUpdate();
  const exportHref = `${href('/projects/:projectId/requirements.csv', { projectId })}?${params.toString()}`;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects')}>Projects</Link> / <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /
      </p>
      <div className="page-head">
        <h1>Requirements</h1>
        <div className="actions">
          <a className="button" href={exportHref} download>
            Export CSV
          </a>
          <Link className="button" to={href('/projects/:projectId/baselines', { projectId })}>
            Baselines
          </Link>
          {may.write && (
            <>
              <Link className="button" to={href('/projects/:projectId/requirements/import', { projectId })}>
                Import CSV
              </Link>
              <Link className="button primary" to={href('/projects/:projectId/requirements/new', { projectId })}>
                New requirement
              </Link>
            </>
          )}
        </div>
      </div>
      <StatusCounts
        counts={counts}
        total={counts.reduce((n, c) => n + c.n, 0)}
        current={query.status ?? ''}
        to={(status) => {
          const next = new URLSearchParams(params);
          next.delete('page');
          if (status) next.set('status', status);
          else next.delete('status');
          return `?${next.toString()}`;
        }}
      />
      <FilterForm label="Filter requirements" clear={href('/projects/:projectId/requirements', { projectId })}>
        <label>
          Search
          <input type="search" name="q" defaultValue={query.search ?? ''} placeholder="Key, title or text" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={query.status ?? ''}>
            <option value="">Any</option>
            {signoffStates.map((s) => (
              <option key={s} value={s}>
                {signoffStateLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select name="category" defaultValue={query.category ?? ''}>
            <option value="">Any</option>
            {requirementCategories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <select name="priority" defaultValue={query.priority ?? ''}>
            <option value="">Any</option>
            {requirementPriorities.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <select name="owner" defaultValue={query.ownerId ?? ''}>
            <option value="">Anyone</option>
            {owners.map((o) => (
              <option key={o.id} value={o.userId}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="suspect" value="1" defaultChecked={!!query.suspect} /> Suspect only
        </label>
        {query.sort && query.sort !== 'key' && <input type="hidden" name="sort" value={query.sort} />}
        {query.desc && <input type="hidden" name="desc" value="1" />}
      </FilterForm>
      <DataTable
        caption={`Requirements of ${project.name}`}
        rows={grid.rows}
        columns={columns}
        rowKey={(r) => String(r.id)}
        empty={grid.total === 0 && !params.toString() ? 'No requirements yet. Write the first one, or import a CSV.' : 'No requirement matches these filters.'}
        server={{
          total: grid.total,
          page: grid.page,
          pageSize: grid.pageSize,
          sort: query.sort ? { id: query.sort, desc: !!query.desc } : null,
          onSort: (id) => go({ sort: id, desc: query.sort === id && !query.desc ? '1' : null, page: null }),
          onPage: (page) => go({ page: String(page) }),
        }}
      />
    </>
  );
}

/** Counts of the register by sign-off state, each a link that filters the list to it (all states shown, zeros too). */
function StatusCounts(props: { counts: { status: string; n: number }[]; total: number; current: string; to: (status: string) => string }) {
  const n = (status: string) => props.counts.find((c) => c.status === status)?.n ?? 0;
  const item = (status: string, label: string, count: number) => (
    <li key={status || 'all'}>
      <Link to={props.to(status)} aria-current={props.current === status ? 'true' : undefined}>
        {label} <strong>{count}</strong>
      </Link>
    </li>
  );
  return (
    <nav aria-label="Requirements by status">
      <ul className="status-counts">
        {item('', 'All', props.total)}
        {signoffStates.map((s) => item(s, signoffStateLabels[s], n(s)))}
      </ul>
    </nav>
  );
}
