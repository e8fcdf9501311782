import { Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { Field } from '~/app/components/Field';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectBaselines } from '~/db/queries/requirements';
import { takeBaseline } from '~/workflows/commands/take-baseline';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/baselines';

export const meta: Route.MetaFunction = () => [{ title: 'Baselines · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.view'));
  return {
    project: { id: project.id, name: project.name },
    baselines: projectBaselines(db, projectId),
    mayTake: mayOnProject(actor, roles, 'requirement.baseline'),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  try {
    const baseline = takeBaseline({ db: getDb(), actor }, { ...fields, projectId });
    return { ok: `Baseline “${baseline.name}” taken.` };
  } catch (error) {
    return failure(error);
  }
}

export default function Baselines({ loaderData, actionData }: Route.ComponentProps) {
  const { project, baselines, mayTake } = loaderData;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/requirements', { projectId: String(project.id) })}>Requirements</Link> /
      </p>
      <h1>Requirement baselines</h1>
      <p>A baseline freezes the current version of every requirement, so later changes can be compared with it.</p>
      {actionData && 'ok' in actionData && (
        <p className="notice" role="status">
          {actionData.ok}
        </p>
      )}
      {baselines.length === 0 ? (
        <p className="empty">No baselines yet.</p>
      ) : (
        <ul>
          {baselines.map((b) => (
            <li key={b.id}>
              <Link to={href('/projects/:projectId/baselines/:baselineId', { projectId: String(project.id), baselineId: String(b.id) })}>{b.name}</Link>{' '}
              <span className="muted">
                {b.items} requirements · {b.by} · {b.createdAt.slice(0, 10)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayTake && (
        <Form method="post" className="card form inline-form">
          <Field
            label="Baseline name"
            name="name"
            placeholder="e.g. Architect gate"
            error={actionData && 'fieldErrors' in actionData ? actionData.fieldErrors.name : undefined}
          />
          <button type="submit" className="primary">
            Take baseline
          </button>
        </Form>
      )}
    </>
  );
}
