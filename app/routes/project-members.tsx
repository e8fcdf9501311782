import { data, Form, href, Link, useFetcher } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { peopleDirectory } from '~/db/queries/people';
import { projectMemberList } from '~/db/queries/projects';
import { projectRoles, type StakeholderFunction, stakeholderFunctions } from '~/db/queries/vocabulary';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { changeMemberFunction } from '~/workflows/commands/change-member-function';
import { removeProjectMember } from '~/workflows/commands/remove-project-member';
import { functionLabels, meaningsFor } from '~/workflows/policy/functions';
import { roleLabels } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/project-members';

export const meta: Route.MetaFunction = () => [{ title: 'Members · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'project.manageMembers'));
  // One row per person: their roles, and their one function on the project.
  const members: {
    userId: number;
    name: string;
    email: string;
    vendorFirm: string | null;
    function: StakeholderFunction | null;
    roles: { id: number; role: (typeof projectRoles)[number] }[];
  }[] = [];
  for (const m of projectMemberList(db, projectId)) {
    const person = members.find((p) => p.userId === m.userId);
    if (person) person.roles.push({ id: m.id, role: m.role });
    else members.push({ userId: m.userId, name: m.name, email: m.email, vendorFirm: m.vendorFirm, function: m.function, roles: [{ id: m.id, role: m.role }] });
  }
  return {
    project: { id: project.id, name: project.name },
    members,
    people: peopleDirectory(db),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  try {
    if (fields.intent === 'add') {
      addProjectMember(ctx, { ...fields, projectId });
      return { ok: 'Member added.' };
    }
    if (fields.intent === 'remove') {
      removeProjectMember(ctx, { ...fields, projectId });
      return { ok: 'Role removed.' };
    }
    if (fields.intent === 'changeFunction') {
      const { changed, person } = changeMemberFunction(ctx, { ...fields, projectId });
      return { ok: changed ? `${person}'s function is saved.` : `No change: that is already ${person}'s function.` };
    }
    throw data('Unknown action.', { status: 400 });
  } catch (error) {
    return failure(error);
  }
}

/** What each function may sign with, as the forms of this page explain it. */
const signsWith = (fn: StakeholderFunction) => meaningsFor(fn).join('; ');

export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const { project, members, people } = loaderData;
  const errors = fieldErrorsOf(actionData);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects')}>Projects</Link> / <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /
      </p>
      <h1>Members and roles</h1>
      <ActionMessage result={actionData} />
      <table>
        <caption>People on {project.name}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Function</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.name}
                {m.vendorFirm && <span className="muted"> ({m.vendorFirm})</span>}
              </td>
              <td>{m.email}</td>
              <td>
                <FunctionForm userId={m.userId} name={m.name} current={m.function} />
              </td>
              <td>
                <ul className="roles">
                  {m.roles.map((r) => (
                    <li key={r.id}>
                      {roleLabels[r.role]}{' '}
                      <Form
                        method="post"
                        className="inline"
                        onSubmit={(e) => {
                          if (!window.confirm(`Remove ${m.name} as ${roleLabels[r.role]} from ${project.name}?`)) e.preventDefault();
                        }}
                      >
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="memberId" value={r.id} />
                        <button type="submit" className="small danger">
                          Remove
                          <span className="visually-hidden">
                            {' '}
                            {m.name} as {roleLabels[r.role]}
                          </span>
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" className="card form inline-form">
        <h2>Add a person</h2>
        <input type="hidden" name="intent" value="add" />
        <div className={`field${errors.userId ? ' has-error' : ''}`}>
          <label htmlFor="userId">Person</label>
          <select
            id="userId"
            name="userId"
            required
            aria-invalid={errors.userId ? true : undefined}
            aria-describedby={errors.userId ? 'userId-error' : undefined}
          >
            <option value="">Choose…</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {p.email}
                {p.vendorFirm ? ` (${p.vendorFirm})` : ''}
              </option>
            ))}
          </select>
          {errors.userId && (
            <p id="userId-error" className="field-error">
              {errors.userId}
            </p>
          )}
        </div>
        <div className={`field${errors.role ? ' has-error' : ''}`}>
          <label htmlFor="role">Role</label>
          <select id="role" name="role" required aria-invalid={errors.role ? true : undefined} aria-describedby={errors.role ? 'role-error' : undefined}>
            {projectRoles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
          {errors.role && (
            <p id="role-error" className="field-error">
              {errors.role}
            </p>
          )}
        </div>
        <div className={`field${errors.function ? ' has-error' : ''}`}>
          <label htmlFor="function">Function on this project</label>
          <select
            id="function"
            name="function"
            defaultValue=""
            aria-invalid={errors.function ? true : undefined}
            aria-describedby={`function-hint${errors.function ? ' function-error' : ''}`}
          >
            <option value="">Choose… (someone already here keeps theirs)</option>
            {stakeholderFunctions.map((f) => (
              <option key={f} value={f} title={`Signs with: ${signsWith(f)}`}>
                {functionLabels[f]}
              </option>
            ))}
          </select>
          <p id="function-hint" className="hint">
            It decides how they may sign: only finance signs “approved as finance”, only legal “approved as legal”, only the business owner “approved as
            business owner”; anyone may sign “reviewed, no objection”.
          </p>
          {errors.function && (
            <p id="function-error" className="field-error">
              {errors.function}
            </p>
          )}
        </div>
        <button type="submit" className="primary">
          Add
        </button>
      </Form>
    </>
  );
}

/** A person's function, changed in place: its own form, so its refusal shows next to its select. */
function FunctionForm({ userId, name, current }: { userId: number; name: string; current: StakeholderFunction | null }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data;
  const error = result && 'fieldErrors' in result ? (result.fieldErrors.function ?? result.fieldErrors.userId ?? result.error) : undefined;
  const id = `function-of-${userId}`;
  return (
    <fetcher.Form method="post" className="inline">
      <input type="hidden" name="intent" value="changeFunction" />
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={id} className="visually-hidden">
        Function of {name}
      </label>
      <select
        id={id}
        key={current ?? ''}
        name="function"
        defaultValue={current ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {current === null && <option value="">Not set</option>}
        {stakeholderFunctions.map((f) => (
          <option key={f} value={f}>
            {functionLabels[f]}
          </option>
        ))}
      </select>{' '}
      <button type="submit" className="small" disabled={fetcher.state !== 'idle'}>
        Save<span className="visually-hidden"> the function of {name}</span>
      </button>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {result && 'ok' in result && fetcher.state === 'idle' && (
        <span className="muted" role="status">
          {' '}
          {result.ok}
        </span>
      )}
    </fetcher.Form>
  );
}
