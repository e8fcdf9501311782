import { Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { ProblemList } from '~/app/components/ProblemList';
import { badRequest, failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectPlans } from '~/db/queries/testing';
import { uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/plans';

export const meta: Route.MetaFunction = () => [{ title: 'Plans · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  return {
    project: { id: project.id, name: project.name },
    plans: projectPlans(db, projectId).map((p) => ({
      id: p.plan.id,
      key: p.plan.planKey,
      name: p.plan.name,
      version: p.version?.number ?? null,
      from: p.version?.effectiveFrom ?? null,
    })),
    mayWrite: mayOnProject(actor, roles, 'plan.write'),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const form = await request.formData();
  const file = form.get('file');
  const document = file instanceof File && file.size > 0 ? await file.text() : String(form.get('document') ?? '');
  if (!document.trim()) return badRequest('Choose a plan file or paste the plan JSON.');
  try {
    const { plan, version } = uploadPlanVersion({ db: getDb(), actor }, { projectId, document, note: String(form.get('note') ?? '') });
    return {
      ok: `${plan.planKey} version ${version.number} saved as a draft. Validate it and submit it for approval from its page; it applies once it is published.`,
      problems: [],
    };
  } catch (error) {
    return failure(error);
  }
}

export default function Plans({ loaderData, actionData }: Route.ComponentProps) {
  const { project, plans, mayWrite } = loaderData;
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/testing', { projectId: String(project.id) })}>Testing</Link> /
      </p>
      <h1>Compensation plans</h1>
      {plans.length === 0 ? (
        <p className="empty">No plans yet.</p>
      ) : (
        <ul>
          {plans.map((p) => (
            <li key={p.id}>
              <Link to={href('/projects/:projectId/plans/:planId', { projectId: String(project.id), planId: String(p.id) })}>
                {p.key} · {p.name}
              </Link>{' '}
              <span className="muted">
                {p.version === null ? 'no version in effect yet' : `version ${p.version} in effect${p.from ? ` from ${p.from}` : ''}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayWrite && (
        <Form method="post" encType="multipart/form-data" className="card form">
          <h2>Upload a plan or a new version</h2>
          <p className="hint">
            A plan document in the engine’s format (see docs/plan-format.md). A document whose id matches an existing plan becomes its next version, as a draft
            (or replaces that plan’s draft): it is validated, approved and published before anyone is paid by it.
          </p>
          <ActionMessage result={actionData} />
          <ProblemList problems={problems} />
          <div className="field">
            <label htmlFor="file">Plan file (JSON)</label>
            <input id="file" name="file" type="file" accept=".json,application/json" />
          </div>
          <div className="field">
            <label htmlFor="document">…or paste the plan JSON</label>
            <textarea id="document" name="document" rows={8} />
          </div>
          <div className="field">
            <label htmlFor="note">What changed</label>
            <input id="note" name="note" type="text" />
          </div>
          <button type="submit" className="primary">
            Validate and save
          </button>
        </Form>
      )}
    </>
  );
}
