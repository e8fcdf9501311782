import { data, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { RequirementBadge } from '~/app/components/StatusBadge';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { compareWithBaseline } from '~/db/queries/requirements';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/baseline';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Since ${data?.baseline.name ?? 'baseline'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.view'));
  const comparison = compareWithBaseline(db, idParam(params.baselineId));
  if (!comparison || comparison.baseline.projectId !== projectId) throw data('No such baseline in this project.', { status: 404 });
  return { project: { id: project.id, name: project.name }, ...comparison };
}

export default function Baseline({ loaderData }: Route.ComponentProps) {
  const { project, baseline, added, changed, removed } = loaderData;
  const link = (id: number, key: string) => (
    <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId: String(project.id), requirementId: String(id) })}>{key}</Link>
  );
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/baselines', { projectId: String(project.id) })}>Baselines</Link> /
      </p>
      <h1>Changes since “{baseline.name}”</h1>
      <p className="muted">Taken {baseline.createdAt.slice(0, 10)}.</p>
      <section aria-labelledby="added">
        <h2 id="added">Added ({added.length})</h2>
        {added.length === 0 ? (
          <p className="empty">Nothing added.</p>
        ) : (
          <ul>
            {added.map((a) => (
              <li key={a.requirementId}>
                {link(a.requirementId, a.key)} {a.title} <RequirementBadge state={a.state} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="changed">
        <h2 id="changed">Changed ({changed.length})</h2>
        {changed.length === 0 ? (
          <p className="empty">Nothing changed.</p>
        ) : (
          <ul>
            {changed.map((c) => (
              <li key={c.requirementId}>
                {link(c.requirementId, c.key)} {c.title}: v{c.from.number} → v{c.number} <RequirementBadge state={c.state} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="removed">
        <h2 id="removed">Removed ({removed.length})</h2>
        {removed.length === 0 ? (
          <p className="empty">Nothing removed.</p>
        ) : (
          <ul>
            {removed.map((r) => (
              <li key={r.requirementId}>
                {r.key} {r.title}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
