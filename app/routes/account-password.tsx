import { Form, redirect, useNavigation } from 'react-router';
import { readSessionId } from '~/app/auth/session.server';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject } from '~/app/http/route.server';
import { safeNext } from '~/app/security/safe-next';
import { getDb } from '~/db/client';
import { changeOwnPassword } from '~/workflows/commands/change-own-password';
import { passwordRule } from '~/workflows/passwords';
import type { Route } from './+types/account-password';

export const meta: Route.MetaFunction = () => [{ title: 'Your password · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return { mustChange: actor.mustChangePassword === true, next: safeNext(new URL(request.url).searchParams.get('next')) };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  try {
    await changeOwnPassword({ db: getDb(), actor }, { ...fields, sessionId: (await readSessionId(request)) ?? '' });
  } catch (error) {
    return failure(error);
  }
  if (actor.mustChangePassword) throw redirect(safeNext(fields.next));
  return { ok: 'Password changed. Your other sessions were signed out.' };
}

export default function AccountPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { mustChange, next } = loaderData;
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1>Your password</h1>
      {mustChange && (
        <p className="notice" role="status">
          An admin reset your password. Choose your own before you go on: the admin knows the one you signed in with.
        </p>
      )}
      <Form method="post" className="card form" noValidate>
        <h2>Change password</h2>
        <ActionMessage result={actionData} />
        <input type="hidden" name="next" value={next} />
        <Field label="Current password" name="current" type="password" autoComplete="current-password" required error={errors.current} />
        <Field label="New password" name="password" type="password" autoComplete="new-password" required hint={passwordRule.message} error={errors.password} />
        <Field label="New password again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </Form>
    </>
  );
}
