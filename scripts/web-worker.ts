import { serve } from './serve';

/** One web worker of the cluster scripts/start.ts runs: the primary has migrated and seeded already. */
await serve(Number(process.env.PORT));
