import { href, redirect } from 'react-router';
import { clearedSessionCookie, readSessionId } from '~/app/auth/session.server';
import { getDb } from '~/db/client';
import { endSession } from '~/workflows/auth/sessions';
import type { Route } from './+types/logout';

export async function action({ request }: Route.ActionArgs) {
  const sid = await readSessionId(request);
  if (sid) endSession({ db: getDb(), sessionId: sid });
  return redirect(href('/login'), { headers: { 'Set-Cookie': await clearedSessionCookie(request) } });
}

export function loader() {
  return redirect(href('/'));
}
