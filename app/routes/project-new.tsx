import { data, Form, href, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { Field } from '~/app/components/Field';
import { failure, formObject } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { internalPeople } from '~/db/queries/people';
import { methodologyList } from '~/db/queries/projects';
import { createProject } from '~/workflows/commands/create-project';
import { mayCreateProject } from '~/workflows/policy/roles';
import { isPmSomewhere } from '~/workflows/project-access';
import type { Route } from './+types/project-new';

export const meta: Route.MetaFunction = () => [{ title: 'New project · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  if (!mayCreateProject(actor, isPmSomewhere(db, actor.id))) throw data('Only an admin or a project manager can start a project.', { status: 403 });
  return {
    me: actor.id,
    methodologies: methodologyList(db),
    people: internalPeople(db),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const form = formObject(await request.formData());
  try {
    const project = createProject({ db: getDb(), actor }, form);
    return redirect(href('/projects/:projectId', { projectId: String(project.id) }));
  } catch (error) {
    return failure(error);
  }
}

export default function NewProject({ loaderData, actionData }: Route.ComponentProps) {
  const errors = actionData?.fieldErrors ?? {};
  return (
    <>
      <h1>New project</h1>
      <Form method="post" className="card form" noValidate>
        {actionData?.error && (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        )}
        <Field label="Project name" name="name" required error={errors.name} />
        <Field label="Client" name="client" required error={errors.client} />
        <div className={`field${errors.methodologyKey ? ' has-error' : ''}`}>
          <label htmlFor="methodologyKey">Methodology</label>
          <select id="methodologyKey" name="methodologyKey" required aria-invalid={errors.methodologyKey ? true : undefined}>
            {loaderData.methodologies.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name} ({m.projectKind}): {m.description}
              </option>
            ))}
          </select>
          {errors.methodologyKey && <p className="field-error">{errors.methodologyKey}</p>}
        </div>
        <Field label="Start date" name="startDate" type="date" required error={errors.startDate} />
        <Field
          label="Target date"
          name="targetDate"
          type="date"
          required
          error={errors.targetDate}
          hint="Go-live for an implementation; end of the first cycle or of the recovery otherwise. Phases are planned to fit."
        />
        <div className="field">
          <label htmlFor="pmUserId">Project manager</label>
          <select id="pmUserId" name="pmUserId" defaultValue={loaderData.me}>
            {loaderData.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {errors.pmUserId && <p className="field-error">{errors.pmUserId}</p>}
        </div>
        <button type="submit" className="primary">
          Create project
        </button>
      </Form>
    </>
  );
}
