import { data, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { planDetail } from '~/db/queries/testing';
import { requireProjectPermission } from '~/workflows/project-access';
import { planSummary } from '~/workflows/testing/plan-summary';
import type { Route } from './+types/plan';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.summary.id ?? 'Plan'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const detail = planDetail(db, idParam(params.planId));
  if (!detail || detail.plan.projectId !== projectId) throw data('No such plan in this project.', { status: 404 });
  const current = detail.versions[0]!;
  return {
    project: { id: project.id, name: project.name },
    summary: planSummary(current.document),
    current: { number: current.number, document: current.document },
    versions: detail.versions.map(({ document: _d, ...v }) => v),
  };
}

export default function Plan({ loaderData }: Route.ComponentProps) {
  const { project, summary, current, versions } = loaderData;
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
