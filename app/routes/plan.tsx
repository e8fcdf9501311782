import { data, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { planDetail } from '~/db/queries/testing';
import { requireProjectPermission } from '~/workflows/project-access';
import { planSummary } from '~/workflows/testing/plan-summary';
import { type CaseRef, type PartCoverage, planCoverage } from '~/workflows/testing/tier-coverage';
import type { Route } from './+types/plan';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.summary.id ?? 'Plan'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const planId = idParam(params.planId);
  const detail = planDetail(db, planId);
  if (!detail || detail.plan.projectId !== projectId) throw data('No such plan in this project.', { status: 404 });
  const current = detail.versions[0]!;
  return {
    project: { id: project.id, name: project.name },
    summary: planSummary(current.document),
    current: { number: current.number, document: current.document },
    versions: detail.versions.map(({ document: _d, ...v }) => v),
    coverage: planCoverage(db, planId),
  };
}

type Coverage = NonNullable<Route.ComponentProps['loaderData']['coverage']>;
type TierRow = { key: string; component: string; kind: string; part: PartCoverage };

function CaseLinks({ projectId, cases }: { projectId: string; cases: CaseRef[] }) {
  if (cases.length === 0) return <span className="result-failed">none</span>;
  return (
    <>
      {cases.map((c, i) => (
        <span key={c.id}>
          {i > 0 && ', '}
          <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(c.id) })} title={c.title}>
            {c.key}
          </Link>
        </span>
      ))}
    </>
  );
}

/**
 * Which components and tiers of this version the passing payout cases exercise (the engine's explain
 * traces name the tier each checked line reached), and which none does.
 */
function TestCoverage({ projectId, coverage }: { projectId: string; coverage: Coverage }) {
  const rows: TierRow[] = coverage.components.flatMap((c) =>
    (c.parts?.list ?? []).map((part) => ({ key: `${c.id}:${part.table}:${part.tier}`, component: c.name, kind: c.parts?.kind ?? '', part })),
  );
  const columns: Column<TierRow>[] = [
    { id: 'component', header: 'Component', value: (r) => r.component, cell: (r) => <span title={r.kind}>{r.component}</span>, filter: 'select' },
    { id: 'tier', header: 'Tier', value: (r) => r.part.name },
    { id: 'bounds', header: 'Range and rate', value: (r) => r.part.label },
    {
      id: 'cases',
      header: 'Passing cases that reach it',
      value: (r) => r.part.cases.map((c) => c.key).join(', '),
      cell: (r) => <CaseLinks projectId={projectId} cases={r.part.cases} />,
    },
    {
      id: 'covered',
      header: 'Covered',
      value: (r) => (r.part.covered ? 'yes' : 'no'),
      cell: (r) => (r.part.covered ? 'yes' : <strong className="result-failed">no: no passing case reaches it</strong>),
      filter: 'select',
    },
  ];
  return (
    <section id="test-coverage" aria-labelledby="test-coverage-heading">
      <h2 id="test-coverage-heading">Test coverage of this version</h2>
      <p>
        A payout case of this plan counts when its latest run passed on version {coverage.version} and nothing it checked has changed since (the same rule as
        the traceability page). It exercises a component when it checks an expected line of it, and reaches the tier its line's credit or attainment ends in, as
        the engine's explain trace records it (on a marginal table the tiers below pay their slices on the way, but count as reached only by a case that ends in
        them).
      </p>
      <p>
        Passing on version {coverage.version}:{' '}
        {coverage.passing.length ? <CaseLinks projectId={projectId} cases={coverage.passing} /> : <span className="muted">no case</span>}.
        {coverage.notCounted.length > 0 && (
          <>
            {' '}
            Not counted:{' '}
            {coverage.notCounted.map((c, i) => (
              <span key={c.id}>
                {i > 0 && ', '}
                <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(c.id) })} title={c.title}>
                  {c.key}
                </Link>{' '}
                <span className={`result-${c.standing.result.replace(' ', '-')}`}>{c.standing.result}</span>
                {c.standing.why && <span className="muted"> ({c.standing.why})</span>}
              </span>
            ))}
            .
          </>
        )}
      </p>
      {coverage.untraced.length > 0 && (
        <p className="card warning" data-testid="untraced-cases">
          <CaseLinks projectId={projectId} cases={coverage.untraced} /> ran before the engine recorded the tier a line reaches: they count for their components
          but reach no tier here until they are run again.
        </p>
      )}
      {coverage.uncovered.length > 0 ? (
        <div className="card warning" data-testid="uncovered-tiers">
          <strong>Not reached by any passing case:</strong>
          <ul>
            {coverage.uncovered.map((u) => (
              <li key={`${u.componentId}:${u.part ? `${u.part.table}:${u.part.tier}` : ''}`}>
                {u.componentName}: {u.part ? `${u.part.name}, ${u.part.label}` : 'the component (no passing case checks a line of it)'}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="card ok">Every component and tier of this version is reached by a passing case.</p>
      )}
      <h3>Components</h3>
      <ul>
        {coverage.components.map((c) => (
          <li key={c.id}>
            {c.name} <span className="muted">({c.id})</span>:{' '}
            {c.covered ? (
              <>
                covered by <CaseLinks projectId={projectId} cases={c.cases} />
              </>
            ) : (
              <strong className="result-failed">not covered: no passing case checks a line of it</strong>
            )}
            {c.parts && (
              <span className="muted">
                {' '}
                · {c.parts.list.filter((p) => p.covered).length} of {c.parts.list.length} {c.type === 'attainment_bonus' ? 'parts of the curve' : 'tiers'}{' '}
                reached ({c.parts.kind})
              </span>
            )}
          </li>
        ))}
      </ul>
      {rows.length > 0 && (
        <DataTable caption="Tiers and curve segments by passing cases" rows={rows} columns={columns} rowKey={(r) => r.key} empty="No tiers." pageSize={50} />
      )}
    </section>
  );
}

export default function Plan({ loaderData }: Route.ComponentProps) {
  const { project, summary, current, versions, coverage } = loaderData;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/plans', { projectId: String(project.id) })}>Plans</Link> /
      </p>
      <h1>
        {summary.id} · {summary.name} <span className="muted">version {current.number}</span>
      </h1>
      {summary.facts.map((f) => (
        <p key={f}>{f}</p>
      ))}
      <h2>Measures</h2>
      <ul>
        {summary.measures.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <h2>Components</h2>
      {summary.components.map((c) => (
        <section key={c.id} className="card">
          <h3>
            {c.name}{' '}
            <span className="muted">
              ({c.id}, {c.type})
            </span>
          </h3>
          <ul>
            {c.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </section>
      ))}
      {coverage && <TestCoverage projectId={String(project.id)} coverage={coverage} />}
      <h2>Versions</h2>
      <ol reversed>
        {versions.map((v) => (
          <li key={v.id}>
            v{v.number} · {v.createdAt.slice(0, 10)} by {v.by}
            {v.note && ` · ${v.note}`}
            {v.supersededAt && ` · superseded ${v.supersededAt.slice(0, 10)}`} · <code>{v.documentHash.slice(0, 12)}</code>
          </li>
        ))}
      </ol>
      <details>
        <summary>Plan document (JSON)</summary>
        <pre className="csv">{current.document}</pre>
      </details>
    </>
  );
}
