import { data, Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { peopleDirectory } from '~/db/queries/people';
import { projectMemberList } from '~/db/queries/projects';
import { projectRoles } from '~/db/queries/vocabulary';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { removeProjectMember } from '~/workflows/commands/remove-project-member';
import { roleLabels } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/project-members';

export const meta: Route.MetaFunction = () => [{ title: 'Members · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'project.manageMembers'));
  return {
    project: { id: project.id, name: project.name },
    members: projectMemberList(db, projectId),
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
    throw data('Unknown action.', { status: 400 });
  } catch (error) {
    return failure(error);
  }
}

export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const { project, members, people } = loaderData;
  const errors = actionData && 'fieldErrors' in actionData ? actionData.fieldErrors : {};
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
            <th scope="col">Role</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.name}
                {m.vendorFirm && <span className="muted"> ({m.vendorFirm})</span>}
              </td>
              <td>{m.email}</td>
              <td>{roleLabels[m.role]}</td>
              <td>
                <Form
                  method="post"
                  onSubmit={(e) => {
                    if (!window.confirm(`Remove ${m.name} as ${roleLabels[m.role]} from ${project.name}?`)) e.preventDefault();
                  }}
                >
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="memberId" value={m.id} />
                  <button type="submit" className="small danger">
                    Remove
                  </button>
                </Form>
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
          <select id="userId" name="userId" required>
            <option value="">Choose…</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {p.email}
                {p.vendorFirm ? ` (${p.vendorFirm})` : ''}
              </option>
            ))}
          </select>
          {errors.userId && <p className="field-error">{errors.userId}</p>}
        </div>
        <div className={`field${errors.role ? ' has-error' : ''}`}>
          <label htmlFor="role">Role</label>
          <select id="role" name="role" required>
            {projectRoles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
          {errors.role && <p className="field-error">{errors.role}</p>}
        </div>
        <button type="submit" className="primary">
          Add
        </button>
      </Form>
    </>
  );
}
