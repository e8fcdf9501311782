import { getDb } from '~/db/client';
import { databaseHealth } from '~/db/queries/health';

/** For load balancers and people: is the app up, and is its database open and migrated? */
export function loader() {
  try {
    return Response.json({ status: 'ok', database: databaseHealth(getDb()) });
  } catch (error) {
    return Response.json(
      { status: 'error', database: { state: 'unavailable', message: error instanceof Error ? error.message : String(error) } },
      { status: 503 },
    );
  }
}
