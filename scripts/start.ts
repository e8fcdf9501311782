import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDatabasePath, getDb, openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { users } from '~/db/schema';
import { anchorAuditHead } from '~/workflows/audit';
import { auditConfig, auditKeyFileFor } from '~/workflows/audit-key';
import { applyPlanEffectiveDates } from '~/workflows/commands/apply-plan-effective-dates';
import { sendOutbox, smtpTransport } from '~/workflows/notifications/outbox';
import { sweepNotifications } from '~/workflows/notifications/sweep';
import { defaultPasswordHashCost, passwordHashCost } from '~/workflows/passwords';
import { systemActor } from '~/workflows/policy/roles';

/**
 * Starts the portal on the built app. `--demo` (what `npm start` runs) keeps a generated session
 * secret next to the database and seeds the demo organisation into an empty database. Without it,
 * SESSION_SECRET is required.
 */
const demo = process.argv.includes('--demo');
const databasePath = process.env.DATABASE_PATH || defaultDatabasePath;
const port = Number(process.env.PORT || 3000);
process.env.NODE_ENV = 'production';

// Read PASSWORD_HASH_COST now, so a wrong value stops the start rather than the first new password.
let hashCost: number;
try {
  hashCost = passwordHashCost();
} catch (error) {
  console.error(`Refusing to start: ${(error as Error).message}`);
  process.exit(1);
}
if (hashCost < defaultPasswordHashCost && !demo) {
  console.warn(`PASSWORD_HASH_COST=${hashCost} is below the default ${defaultPasswordHashCost}: new password hashes are weaker. Use it for tests only.`);
}
process.env.DATABASE_PATH = databasePath;
mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });

// The audit chain's key lives outside the database: AUDIT_KEY, or .audit-key beside it (made for the demo).
const auditKeyFile = auditKeyFileFor(databasePath);
if (!process.env.AUDIT_KEY && !existsSync(auditKeyFile)) {
  if (!demo) {
    console.error(
      `Refusing to start: there is no audit key. Set AUDIT_KEY to 64 hex characters (for example \`openssl rand -hex 32\`) or put them in ${auditKeyFile}; keep a copy outside the server, since the audit trail only verifies with it.`,
    );
    process.exit(1);
  }
  writeFileSync(auditKeyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
}
try {
  auditConfig();
} catch (error) {
  console.error(`Refusing to start: ${(error as Error).message}`);
  process.exit(1);
}

if (!process.env.SESSION_SECRET) {
  if (!demo) {
    console.error(
      'Refusing to start: SESSION_SECRET is not set. Set it to a long random string (for example `openssl rand -hex 32`), or run `npm start` for the demo, which generates one.',
    );
    process.exit(1);
  }
  const secretFile = path.join(path.dirname(path.resolve(databasePath)), '.session-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  process.env.SESSION_SECRET = readFileSync(secretFile, 'utf8').trim();
}

const db = openDatabase(databasePath);
applyMigrations(db);
if (demo) {
  // The seed (and every command it runs) is loaded only for an empty database: a restart stays quick.
  const empty = !db.select({ id: users.id }).from(users).limit(1).get();
  const seeded = empty && (await (await import('~/seeds/demo')).seedIfEmpty(db));
  console.log(seeded ? `Seeded the demo organisation into ${databasePath}.` : `Using existing data in ${databasePath}.`);
} else {
  const { seedTemplatesIfMissing } = await import('~/seeds/templates');
  seedTemplatesIfMissing(db);
}
// The chain's head is anchored outside the database at start and every few minutes (and after each
// gate approval), so rows cut off its end or a chain rebuilt behind the server's back show.
anchorAuditHead(db);
// A published plan version comes into effect on its effective date: checked at start and every hour
// (docs/decisions/0011-plan-approval.md), by this process only, so web workers never race to do it.
const applyEffectiveDates = (on: typeof db) => {
  const changed = applyPlanEffectiveDates({ db: on, actor: systemActor }, {});
  if (changed) console.log(`${changed} plan(s) changed the version in effect today.`);
};
applyEffectiveDates(db);
// Overdue notices and reminders (docs/decisions/0016-notifications.md): at start and every hour, here only.
const sweep = (on: typeof db) => {
  try {
    const told = sweepNotifications({ db: on, actor: systemActor }, {});
    if (told.overdue + told.reminders) console.log(`Notifications: ${told.overdue} overdue notice(s), ${told.reminders} reminder(s).`);
  } catch (error) {
    console.error(`The notification sweep failed: ${(error as Error).message}`);
  }
};
sweep(db);
db.$client.close();
setInterval(() => anchorAuditHead(getDb()), 5 * 60_000).unref();
setInterval(() => applyEffectiveDates(getDb()), 60 * 60_000).unref();
setInterval(() => sweep(getDb()), 60 * 60_000).unref();
// The outbox is sent over SMTP when SMTP_URL is set (every OUTBOX_INTERVAL_MS, 15 s by default), by this
// process only; without it the messages stay in the outbox, where admins read them.
const transport = smtpTransport();
if (transport) {
  const every = Number(process.env.OUTBOX_INTERVAL_MS) || 15_000;
  let sending = false;
  setInterval(() => {
    if (sending) return;
    sending = true;
    sendOutbox(getDb(), transport)
      .then(({ failed }) => {
        if (failed) console.warn(`${failed} e-mail(s) could not be sent; the outbox keeps them and tries again.`);
      })
      .catch((error) => console.error(`Sending the outbox failed: ${(error as Error).message}`))
      .finally(() => {
        sending = false;
      });
  }, every).unref();
}

// One web worker per core shares the port (node:cluster) and the database file (WAL; writes are
// serialised by IMMEDIATE transactions and the busy timeout); sessions live in the database, so a
// session started on one worker is valid on every other. Workers inherit the secrets set above.
const workers = webWorkerCount();
if (workers === 1) {
  const { serve } = await import('./serve');
  await serve(port);
} else {
  // Advanced serialization: job results (a modeling run's figures) cross to the web workers as structured clones.
  // Started from its bundle (scripts/start-cli.mjs), the web worker's bundle is beside this one; else tsx runs the TypeScript.
  const bundled = import.meta.url.endsWith('.mjs');
  cluster.setupPrimary({
    exec: fileURLToPath(new URL(bundled ? './web-worker.mjs' : './web-worker.ts', import.meta.url)),
    execArgv: bundled ? [] : ['--import', 'tsx'],
    serialization: 'advanced',
  });
  // The web workers' long jobs run on this process's one job thread (workflows/jobs/pool.ts).
  (await import('~/workflows/jobs/pool')).serveJobsForWebWorkers();
  let stopping = false;
  const fork = () => cluster.fork({ PORT: String(port), JOBS_IN_PRIMARY: '1' });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`Web worker ${worker.process.pid} stopped (${signal ?? code}); starting another.`);
    fork();
  });
  const listening = Array.from({ length: workers }, () => new Promise<void>((resolve) => fork().once('listening', () => resolve())));
  await Promise.all(listening);
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
      process.exit(0);
    });
}
console.log(`SPM Portal listening on http://localhost:${port} (${workers} web worker${workers === 1 ? '' : 's'})`);

/** WEB_CONCURRENCY, or one web worker per core. */
function webWorkerCount(): number {
  const wanted = process.env.WEB_CONCURRENCY;
  if (!wanted) return availableParallelism();
  const n = Number(wanted);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`Refusing to start: WEB_CONCURRENCY=${wanted} is not a number of workers from 1 to 64.`);
    process.exit(1);
  }
  return n;
}
