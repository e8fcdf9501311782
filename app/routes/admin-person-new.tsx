import { Form, href, redirect } from 'react-router';
import { requireAdmin } from '~/app/auth/user.server';
import { Field } from '~/app/components/Field';
import { failure, formObject } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { createUser } from '~/workflows/commands/create-user';
import { passwordRule } from '~/workflows/passwords';
import type { Route } from './+types/admin-person-new';

export const meta: Route.MetaFunction = () => [{ title: 'New person · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  await requireAdmin(request);
  return null;
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireAdmin(request);
  const fields = formObject(await request.formData());
  try {
    const user = await createUser({ db: getDb(), actor }, fields);
    return redirect(href('/admin/people/:userId', { userId: String(user.id) }));
  } catch (error) {
    return failure(error);
  }
}

export default function NewPerson({ actionData }: Route.ComponentProps) {
  const errors = actionData?.fieldErrors ?? {};
  return (
    <>
      <h1>New person</h1>
      <Form method="post" className="card form" noValidate>
        {actionData?.error && (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        )}
        <Field label="Name" name="name" required error={errors.name} />
        <Field label="Email" name="email" type="email" required error={errors.email} />
        <Field label="Title" name="title" error={errors.title} />
        <Field
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          hint={passwordRule.message}
        />
        <Field
          label="Vendor firm"
          name="vendorFirm"
          error={errors.vendorFirm}
          hint="Only for an external vendor representative: they will see only their own firm's work."
        />
        <label className="checkbox">
          <input type="checkbox" name="isAdmin" /> Portal administrator
        </label>
        <button type="submit" className="primary">
          Create person
        </button>
      </Form>
    </>
  );
}
