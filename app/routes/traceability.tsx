import { href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectPlans } from '~/db/queries/testing';
import { requireProjectPermission } from '~/workflows/project-access';
import { coverageFigure } from '~/workflows/testing/coverage';
import { traceability } from '~/workflows/testing/traceability';
import type { Route } from './+types/traceability';

export const meta: Route.MetaFunction = () => [{ title: 'Traceability · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  return {
    project: { id: project.id, name: project.name },
    ...traceability(db, projectId),
    plans: projectPlans(db, projectId).map((p) => ({ id: p.plan.id, key: p.plan.planKey, name: p.plan.name, version: p.version?.number ?? null })),
  };
}

type Row = Route.ComponentProps['loaderData']['rows'][number];

export default function Traceability({ loaderData }: Route.ComponentProps) {
  const { project, rows, musts, plans } = loaderData;
  const projectId = String(project.id);
  const columns: Column<Row>[] = [
    {
      id: 'key',
      nowrap: true,
      header: 'Requirement',
      value: (r) => r.key,
      link: (r) => href('/projects/:projectId/requirements/:requirementId', { projectId, requirementId: String(r.id) }),
    },
    { id: 'title', header: 'Title', value: (r) => r.title },
    { id: 'version', header: 'Version', value: (r) => r.version, numeric: true },
    { id: 'priority', header: 'Priority', value: (r) => r.priority, filter: 'select' },
    {
      id: 'cases',
      header: 'Test cases (standing)',
      value: (r) => r.cases.map((c) => `${c.key} ${c.standing.result}`).join(', '),
      cell: (r) =>
        r.cases.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          r.cases.map((c) => (
            <span key={c.id} title={c.standing.why ?? undefined}>
              <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(c.id) })}>{c.key}</Link>{' '}
              <span className={`result-${c.standing.result.replace(' ', '-')}`}>{c.standing.result}</span>
              {c.standing.why && <span className="muted"> ({c.standing.why})</span>}{' '}
            </span>
          ))
        ),
    },
    {
      id: 'defects',
      header: 'Unresolved defects',
      value: (r) => r.defects.map((d) => `${d.key} ${d.state}`).join(', '),
      cell: (r) => r.defects.map((d) => `${d.key} (${d.state.toLowerCase()})`).join(', '),
    },
    { id: 'covered', header: 'Covered', value: (r) => (r.covered ? 'yes' : 'no'), filter: 'select' },
  ];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/testing', { projectId })}>Testing</Link> /
      </p>
      <div className="page-head">
        <h1>Traceability</h1>
        <a className="button" href={href('/projects/:projectId/traceability.csv', { projectId })} download>
          Export CSV
        </a>
      </div>
      <p className="card">
        <strong>Coverage: {coverageFigure(musts)} must-have requirements</strong> have a test case that passed its latest run on the requirement's current
        version (and, for a payout case, the plan's current version).
      </p>
      {plans.length > 0 && (
        <p data-testid="plan-coverage-links">
          Coverage per plan component and rate-table tier (which tiers no passing case reaches):{' '}
          {plans.map((p, i) => (
            <span key={p.id}>
              {i > 0 && ' · '}
              <Link to={`${href('/projects/:projectId/plans/:planId', { projectId, planId: String(p.id) })}#test-coverage`} title={p.name}>
                {p.key}
                {p.version !== null && ` version ${p.version}`}
              </Link>
            </span>
          ))}
        </p>
      )}
      {musts.uncovered.length > 0 && (
        <details data-testid="uncovered-musts">
          <summary>{musts.uncovered.length} must-have requirements not covered</summary>
          <ul>
            {musts.uncovered.map((g) => (
              <li key={g.id}>
                <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId, requirementId: String(g.id) })}>{g.key}</Link> {g.title}{' '}
                <span className="muted">({g.gap})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <DataTable caption="Requirements by test cases" rows={rows} columns={columns} rowKey={(r) => String(r.id)} empty="No requirements." pageSize={50} />
    </>
  );
}
