import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Portal = { url: string; dbPath: string; stop: () => Promise<void>; output: () => string };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the built portal as `npm start` does (scripts/start.ts --demo) on a fresh database and port.
 * The process is started directly and stopped by its id, so no server outlives the test.
 */
export async function startPortal(opts: { dbPath?: string; args?: string[]; env?: Record<string, string> } = {}): Promise<Portal> {
  if (!existsSync('build/server/index.js')) throw new Error('Build the app first: npm run build');
  const dbPath = opts.dbPath ?? path.join(mkdtempSync(path.join(tmpdir(), 'spm-portal-')), 'portal.sqlite');
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...(opts.args ?? ['--demo'])], {
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), SESSION_SECRET: '', ...opts.env },
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
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, dbPath, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`portal did not start within 60 s:\n${output}`);
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
