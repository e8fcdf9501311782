import { data, Form, redirect, useNavigation } from 'react-router';
import { authenticateForm } from '~/app/auth/authenticator.server';
import { sessionCookieFor } from '~/app/auth/session.server';
import { getActor } from '~/app/auth/user.server';
import { Field } from '~/app/components/Field';
import { requestInfo } from '~/app/security/request-info';
import { safeNext } from '~/app/security/safe-next';
import { getDb } from '~/db/client';
import { startSession } from '~/workflows/auth/sessions';
import { DomainError } from '~/workflows/errors';
import type { Route } from './+types/login';

export const meta: Route.MetaFunction = () => [{ title: 'Sign in · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  if (await getActor(request)) throw redirect(next);
  return { next };
}

export async function action({ request, context }: Route.ActionArgs) {
  // The strategy consumes the body, and the action also needs `next` and `email`: read a clone.
  const form = await request.clone().formData();
  try {
    const actor = await authenticateForm(request, context.get(requestInfo).clientAddress);
    const sid = startSession({ db: getDb(), actor, userAgent: request.headers.get('User-Agent') ?? '' });
    return redirect(safeNext(form.get('next')), { headers: { 'Set-Cookie': await sessionCookieFor(sid) } });
  } catch (error) {
    if (error instanceof DomainError)
      return data({ error: error.message, fieldErrors: error.fieldErrors, email: String(form.get('email') ?? '') }, { status: error.status });
    throw error;
  }
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === 'submitting';
  const { next } = loaderData;
  return (
    <main id="main" className="login">
      <h1>SPM Portal</h1>
      <p className="muted">Implementation projects, sign-offs and payout validation.</p>
      <Form method="post" className="card" noValidate>
        <h2>Sign in</h2>
        {actionData?.error && (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        )}
        <input type="hidden" name="next" value={next} />
        <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={actionData?.email} autoFocus />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          // the message above already says it: the field only repeats what differs
          error={actionData?.fieldErrors?.password !== actionData?.error ? actionData?.fieldErrors?.password : undefined}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </Form>
    </main>
  );
}
