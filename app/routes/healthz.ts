import { getActor } from '~/app/auth/user.server';
import { getDb } from '~/db/client';
import { databaseHealth } from '~/db/queries/health';
import { jobsRunIn } from '~/workflows/jobs/pool';
import type { Route } from './+types/healthz';

/**
 * For load balancers and people: is the app up, and is its database open and migrated? Anyone learns
 * only that (`ok`, or 503 `error`); an admin signed in also sees the database's state and counts, and
 * whether long jobs run on this process's thread or the cluster primary's.
 */
export async function loader({ request }: Route.LoaderArgs) {
  let health: ReturnType<typeof databaseHealth>;
  try {
    health = databaseHealth(getDb());
  } catch (error) {
    const admin = (await getActor(request).catch(() => null))?.isAdmin;
    const message = error instanceof Error ? error.message : String(error);
    return Response.json({ status: 'error', ...(admin ? { database: { state: 'unavailable', message } } : {}) }, { status: 503 });
  }
  const admin = (await getActor(request))?.isAdmin;
  return Response.json(admin ? { status: 'ok', database: health, jobs: jobsRunIn() } : { status: 'ok' });
}
