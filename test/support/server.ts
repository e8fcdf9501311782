import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase } from '~/db/client';

export type Portal = {
  url: string;
  dbPath: string;
  stop: () => Promise<void>;
  output: () => string /** The server process (the cluster primary). */;
  pid: number;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Under vitest: the demo database seeded once per run by the global setup, in a folder removed after the run. */
function seededDemoFile(): string | undefined {
  return process.env.VITEST ? inject('demoDatabase').path : undefined;
}

/**
 * Starts the built portal as `npm start` does (scripts/start-cli.mjs --demo) on its own database and port.
 * Under vitest the database is a private copy of the demo seeded once per run (global setup), so the
 * start only migrates and serves ("Using existing data"); `freshDemo: true` starts on an empty file
 * and seeds it, as a first `npm start` does. `dbPath` starts on that file as it is.
 * The process is started directly and stopped by its id, so no server outlives the test.
 */
/**
 * For a test file: a demo portal started before its tests and stopped after them (the browser tests'
 * useBrowserPortal, without the browser). The object is filled in when the portal has started, so the
 * file reads it inside its tests and hooks.
 */
export function usePortal(opts: Parameters<typeof startPortal>[0] = {}): Portal {
  const portal = {} as Portal;
  beforeAll(async () => {
    Object.assign(portal, await startPortal(opts));
  });
  afterAll(async () => {
    await portal.stop?.();
  });
  return portal;
}

export async function startPortal(
  opts: { dbPath?: string; freshDemo?: boolean; args?: string[]; env?: Record<string, string>; startupSeconds?: number } = {},
): Promise<Portal> {
  if (!existsSync('build/server/index.js')) throw new Error('Build the app first: npm run build');
  const args = opts.args ?? ['--demo'];
  let dbPath = opts.dbPath;
  if (!dbPath) {
    const seeded = seededDemoFile();
    // Beside the seeded file, so the global teardown removes the copies with it.
    dbPath = path.join(mkdtempSync(path.join(seeded ? path.dirname(seeded) : tmpdir(), 'spm-portal-')), 'portal.sqlite');
    if (seeded && !opts.freshDemo && args.includes('--demo')) copyFileSync(seeded, dbPath);
  }
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['scripts/start-cli.mjs', ...args], {
    // One web worker unless a test asks for more: tests start many portals on two cores.
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), SESSION_SECRET: '', WEB_CONCURRENCY: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  // Generous: on a busy 2-core machine loading tsx and the server bundle alone can take tens of seconds.
  const seconds = opts.startupSeconds ?? 120;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(15_000) });
      if (res.ok) return { url, dbPath, stop, output: () => output, pid: child.pid! };
    } catch {
      // not listening yet, or too busy to answer in time
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`portal did not start within ${seconds} s:\n${output}`);
}

/** A signed-in HTTP client (cookie kept by hand), posting forms as the browser would. */
export async function signIn(portal: Portal, email: string, password: string) {
  const res = await fetch(`${portal.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: portal.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, next: '/' }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return client(portal, cookie);
}

export function client(portal: Portal, cookie?: string) {
  const headers = (extra: Record<string, string> = {}) => ({ ...(cookie ? { Cookie: cookie } : {}), ...extra });
  return {
    cookie,
    get: (p: string) => fetch(`${portal.url}${p}`, { redirect: 'manual', headers: headers() }),
    post: (p: string, form: Record<string, string | string[]>, origin = portal.url) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      return fetch(`${portal.url}${p}`, {
        method: 'POST',
        redirect: 'manual',
        headers: headers({ Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }),
        body,
      });
    },
  };
}

/** One row of a query on a running portal's database file (read beside the server, WAL). */
export function queryOne(portal: Pick<Portal, 'dbPath'>, sql: string) {
  const db = openDatabase(portal.dbPath);
  try {
    return db.$client.prepare(sql).get() as Record<string, number | string>;
  } finally {
    db.$client.close();
  }
}
