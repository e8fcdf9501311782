import { data, href, redirect } from 'react-router';
import { getDb } from '~/db/client';
import { actorForSession } from '~/workflows/auth/sessions';
import type { Actor } from '~/workflows/policy/roles';
import { readSessionId } from './session.server';

// A page's loaders run in parallel on the same request and each asks who is signing in: look it up once.
const actorOfRequest = new WeakMap<Request, Promise<Actor | null>>();

export function getActor(request: Request): Promise<Actor | null> {
  let actor = actorOfRequest.get(request);
  if (!actor) {
    actor = readSessionId(request).then((sid) => (sid ? actorForSession(getDb(), sid) : null));
    actorOfRequest.set(request, actor);
  }
  return actor;
}

/** Every loader and action calls this (loaders run in parallel: a layout's check protects nothing). */
export async function requireUser(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  const url = new URL(request.url);
  if (actor?.mustChangePassword && url.pathname !== href('/account/password')) {
    // after an admin's reset the person chooses their own password before anything else
    if (request.method !== 'GET') throw data('Choose a new password first: an admin reset yours.', { status: 403 });
    throw redirect(`${href('/account/password')}?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (actor) return actor;
  if (request.method !== 'GET') throw new Response('Sign in first.', { status: 401 });
  throw redirect(`${href('/login')}?next=${encodeURIComponent(url.pathname + url.search)}`);
}

export async function requireAdmin(request: Request): Promise<Actor> {
  const actor = await requireUser(request);
  if (!actor.isAdmin) throw data('Only an admin can do this.', { status: 403 });
  return actor;
}
