import { data, Form, href, Link } from 'react-router';
import { requireAdmin } from '~/app/auth/user.server';
import { Field } from '~/app/components/Field';
import { failure, formObject, idParam } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { personDetail } from '~/db/queries/people';
import { nowOf } from '~/workflows/clock';
import { resetPassword } from '~/workflows/commands/reset-password';
import { passwordRule } from '~/workflows/passwords';
import { roleLabels } from '~/workflows/policy/roles';
import type { Route } from './+types/admin-person';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.person.name ?? 'Person'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireAdmin(request);
  const person = personDetail(getDb(), idParam(params.userId));
  if (!person) throw data('No such person.', { status: 404 });
  return { person, now: nowOf().toISOString() };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireAdmin(request);
  const fields = formObject(await request.formData());
  try {
    await resetPassword({ db: getDb(), actor }, { ...fields, userId: idParam(params.userId) });
    return { ok: 'Password reset. Their sessions were ended and any lock cleared; they must choose a new password at their next sign-in.' };
  } catch (error) {
    return failure(error);
  }
}

export default function Person({ loaderData, actionData }: Route.ComponentProps) {
  const { person, now } = loaderData;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/admin/people')}>People</Link> /
      </p>
      <h1>{person.name}</h1>
      <p className="muted">
        {person.email} · {person.title}
        {person.vendorFirm && ` · vendor: ${person.vendorFirm}`}
        {person.isAdmin && ' · admin'}
        {person.lockedUntil && person.lockedUntil > now && ` · locked until ${person.lockedUntil.slice(11, 16)} UTC`}
      </p>
      <section aria-labelledby="roles">
        <h2 id="roles">Project roles</h2>
        {person.memberships.length === 0 ? (
          <p className="empty">No project roles. Add them from a project's Members page.</p>
        ) : (
          <ul>
            {person.memberships.map((m) => (
              <li key={`${m.projectId}-${m.role}`}>
                <Link to={href('/projects/:projectId/members', { projectId: String(m.projectId) })}>{m.project}</Link>: {roleLabels[m.role]}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Form method="post" className="card form" noValidate>
        <h2>Reset password</h2>
        {actionData && 'ok' in actionData && (
          <p className="notice" role="status">
            {actionData.ok}
          </p>
        )}
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={passwordRule.message}
          error={actionData && 'fieldErrors' in actionData ? actionData.fieldErrors.password : undefined}
        />
        <button type="submit" className="primary">
          Reset password
        </button>
      </Form>
    </>
  );
}
