import { href, Link, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { contentFromForm, RequirementForm } from '~/app/components/RequirementForm';
import { failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { requirementFormOptions } from '~/db/queries/requirements';
import { createRequirement } from '~/workflows/commands/create-requirement';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/requirement-new';

export const meta: Route.MetaFunction = () => [{ title: 'New requirement · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.write'));
  return { project: { id: project.id, name: project.name }, ...requirementFormOptions(db, projectId) };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  try {
    const { requirement } = createRequirement({ db: getDb(), actor }, { ...contentFromForm(await request.formData()), projectId });
    return redirect(href('/projects/:projectId/requirements/:requirementId', { projectId: String(projectId), requirementId: String(requirement.id) }));
  } catch (error) {
    return failure(error);
  }
}

export default function NewRequirement({ loaderData, actionData }: Route.ComponentProps) {
  const { project, owners, phases } = loaderData;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/requirements', { projectId: String(project.id) })}>Requirements</Link> /
      </p>
      <h1>New requirement</h1>
      <RequirementForm
        initial={{ title: '', description: '', category: '', priority: '', ownerId: '', phaseKey: '', acceptanceCriteria: [], examples: [] }}
        owners={owners}
        phases={phases}
        errors={actionData?.fieldErrors ?? {}}
        error={actionData?.error}
        submitLabel="Save draft"
      />
    </>
  );
}
