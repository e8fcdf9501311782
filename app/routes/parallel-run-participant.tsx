import { data, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ExplainTrace } from '~/app/components/ExplainTrace';
import { ProblemList } from '~/app/components/ProblemList';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { parallelRunDetail } from '~/db/queries/testing';
import { money } from '~/workflows/format/money';
import { requireProjectPermission } from '~/workflows/project-access';
import { participantTrace } from '~/workflows/testing/participant-trace';
import type { Route } from './+types/parallel-run-participant';

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.name ?? data.participantId} · ${data.run.name} · SPM Portal` : 'Parallel run participant · SPM Portal' },
];

/** One participant's lines of a parallel run, each with the engine's explain trace (the drill-down from a variance line). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const detail = parallelRunDetail(db, idParam(params.runId));
  if (!detail || detail.run.projectId !== projectId) throw data('No such parallel run in this project.', { status: 404 });
  const participantId = params.participantId;
  const traced = participantTrace(db, detail.run.id, participantId);
  if (!traced) throw data(`${participantId} has no line in ${detail.run.name}.`, { status: 404 });
  return {
    project: { id: project.id, name: project.name },
    run: { id: detail.run.id, name: detail.run.name, period: detail.run.period, plan: `${detail.plan} v${detail.planVersion}` },
    participantId,
    name: traced.name,
    matches: traced.matches,
    problems: traced.problems,
    lines: traced.lines.map((l) => {
      const c = detail.classification(participantId, l.componentId);
      return { ...l, classification: c?.c.classification ?? '', note: c?.c.note ?? '', defectKey: c?.defectKey ?? '', defectId: c?.c.defectId ?? null };
    }),
  };
}

export default function ParallelRunParticipant({ loaderData }: Route.ComponentProps) {
  const { project, run, participantId, name, matches, problems, lines } = loaderData;
  const runPath = href('/projects/:projectId/parallel-runs/:runId', { projectId: String(project.id), runId: String(run.id) });
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/parallel-runs', { projectId: String(project.id) })}>Parallel runs</Link> / <Link to={runPath}>{run.name}</Link> /
      </p>
      <h1>
        {name ?? participantId} in {run.name}
        {name && <span className="muted"> ({participantId})</span>}
      </h1>
      <p className="muted">
        {run.period} · plan {run.plan}. The engine was run again on this participant's inputs as stored with the run (their transactions, quota and plan
        version), with its explain trace on.
      </p>
      <ProblemList problems={problems} />
      {!matches && problems.length === 0 && (
        <p className="card warning" role="status">
          Run again on this participant's inputs alone, the engine does not give the amounts the run stored (compare "Engine" with "Traced" below): the traces
          explain the amounts shown beside them, not the run's.
        </p>
      )}
      {lines.map((l) => (
        <section key={l.componentId} className="card" aria-labelledby={`line-${l.componentId}`}>
          <h2 id={`line-${l.componentId}`}>{l.componentId}</h2>
          <dl className="record-facts">
            <dt>Legacy</dt>
            <dd className="num">{money(l.legacy)}</dd>
            <dt>Engine</dt>
            <dd className="num">{money(l.computed)}</dd>
            {l.recomputed !== null && l.recomputed !== l.computed && (
              <>
                <dt>Traced</dt>
                <dd className="num">{money(l.recomputed)}</dd>
              </>
            )}
            <dt>Variance</dt>
            <dd className="num">{money(l.variance)}</dd>
            <dt>Variance %</dt>
            <dd className="num">{l.percent === 'n/a' ? 'n/a (the legacy system paid 0)' : `${l.percent}%`}</dd>
            <dt>Explained as</dt>
            <dd>
              {l.classification || <span className="muted">not classified</span>}
              {l.defectId && (
                <>
                  {' '}
                  <Link to={href('/projects/:projectId/defects/:defectId', { projectId: String(project.id), defectId: String(l.defectId) })}>
                    {l.defectKey}
                  </Link>
                </>
              )}
              {l.note && <div className="hint">{l.note}</div>}
            </dd>
          </dl>
          <h3>How the engine got there</h3>
          {l.traces.length === 0 ? (
            <p className="empty">The engine computes no line for this component: only the legacy system paid it.</p>
          ) : (
            l.traces.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a line's traces are its periods, in order, with no id.
              <ExplainTrace key={i} trace={t} open showInputs />
            ))
          )}
        </section>
      ))}
      <p>
        <Link to={runPath}>Back to {run.name}</Link>
      </p>
    </>
  );
}
