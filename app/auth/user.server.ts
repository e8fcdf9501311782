import { data, href, redirect } from 'react-router';
import { getDb } from '~/db/client';
import { actorForSession } from '~/workflows/auth/sessions';
import type { Actor } from '~/workflows/policy/roles';
import { readSessionId } from './session.server';

export async function getActor(request: Request): Promise<Actor | null> {
  const sid = await readSessionId(request);
  return sid ? actorForSession(getDb(), sid) : null;
}

/** Every loader and action calls this (loaders run in parallel: a layout's check protects nothing). */
export async function requireUser(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (actor) return actor;
  const url = new URL(request.url);
  if (request.method !== 'GET') throw new Response('Sign in first.', { status: 401 });
  throw redirect(`${href('/login')}?next=${encodeURIComponent(url.pathname + url.search)}`);
}

export async function requireAdmin(request: Request): Promise<Actor> {
  const actor = await requireUser(request);
  if (!actor.isAdmin) throw data('Only an admin can do this.', { status: 403 });
  return actor;
}
