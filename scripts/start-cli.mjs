/**
 * `npm start` and every portal the tests start: runs scripts/start.ts from its bundle
 * (scripts/bundle.mjs: built at the first start and again when a source changed), which starts in about
 * half the time tsx takes to transform the TypeScript. Packages stay in node_modules (better-sqlite3 is
 * native, and the server build imports the same React Router). The cluster's web workers run the
 * bundle of scripts/web-worker.ts beside it. `node scripts/start-cli.mjs --build` only builds (when stale).
 */
import { buildIfStale, load } from './bundle.mjs';

const startBundle = { name: 'start', entries: ['scripts/start.ts', 'scripts/web-worker.ts'], packagesExternal: true };

// Before the bundle loads: it imports its packages (react among them) at its top, before start.ts's own
// line setting production runs, and react chooses its development or production build as it loads.
process.env.NODE_ENV = 'production';

if (process.argv[2] === '--build') await buildIfStale(startBundle);
else await load(startBundle);
