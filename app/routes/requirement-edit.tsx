import { data, href, Link, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { contentFromForm, RequirementForm } from '~/app/components/RequirementForm';
import { failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { requirementDetail, requirementFormOptions } from '~/db/queries/requirements';
import { editRequirement } from '~/workflows/commands/edit-requirement';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/requirement-edit';

export const meta: Route.MetaFunction = () => [{ title: 'Edit requirement · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.write'));
  const detail = requirementDetail(db, idParam(params.requirementId));
  if (!detail || detail.requirement.projectId !== projectId) throw data('No such requirement in this project.', { status: 404 });
  const current = detail.versions.at(-1)!;
  return {
    project: { id: project.id, name: project.name },
    requirement: { id: detail.requirement.id, key: detail.requirement.key },
    version: { number: current.number, state: current.state, fingerprint: current.fingerprint },
    initial: {
      title: current.title,
      description: current.description,
      category: current.category,
      priority: current.priority,
      ownerId: current.ownerId,
      phaseKey: current.phaseKey,
      acceptanceCriteria: current.acceptanceCriteria,
      examples: current.examples,
    },
    ...requirementFormOptions(db, projectId),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const requirementId = idParam(params.requirementId);
  try {
    const form = await request.formData();
    editRequirement({ db: getDb(), actor }, { ...contentFromForm(form), projectId, requirementId, baseFingerprint: form.get('baseFingerprint') ?? '' });
    return redirect(href('/projects/:projectId/requirements/:requirementId', { projectId: String(projectId), requirementId: String(requirementId) }));
  } catch (error) {
    return failure(error);
  }
}

export default function EditRequirement({ loaderData, actionData }: Route.ComponentProps) {
  const { project, requirement, version, initial, owners, phases } = loaderData;
  const makesNewVersion = version.state === 'signedOff';
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/requirements', { projectId: String(project.id) })}>Requirements</Link> /{' '}
        <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId: String(project.id), requirementId: String(requirement.id) })}>
          {requirement.key}
        </Link>{' '}
        /
      </p>
      <h1>
        Edit {requirement.key} (version {version.number})
      </h1>
      {makesNewVersion && (
        <p className="notice">
          Version {version.number} is signed off and stays as it was. Saving creates version {version.number + 1} in draft, and linked requirements are marked
          suspect until someone reviews them.
        </p>
      )}
      <RequirementForm
        initial={initial}
        owners={owners}
        phases={phases}
        errors={actionData?.fieldErrors ?? {}}
        error={actionData?.error}
        submitLabel={makesNewVersion ? `Save as version ${version.number + 1}` : 'Save draft'}
        hidden={{ baseFingerprint: version.fingerprint }}
      />
    </>
  );
}
