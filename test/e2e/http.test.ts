import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { auditLog, projects, users } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { client, signIn, startPortal, usePortal } from '../support/server';

describe('the started portal', () => {
  const portal = usePortal();

  it('sends a page gzipped to a browser that accepts it, and plain to one that does not, saying it varies', async () => {
    const { request } = await import('node:http');
    const get = (encoding: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        request(`${portal.url}/login`, { headers: { 'Accept-Encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const { gunzipSync } = await import('node:zlib');
    const zipped = await get('gzip, deflate, br');
    const plain = await get('identity');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(zipped.headers.vary)).toMatch(/Accept-Encoding/i);
    const page = gunzipSync(zipped.body).toString('utf8');
    expect(page).toContain('Sign in');
    // The same page either way, but for the per-response nonce.
    const withoutNonce = (html: string) => html.replace(/nonce="[^"]+"/g, '');
    expect(withoutNonce(page)).toBe(withoutNonce(plain.body.toString('utf8')));
  });

  it('serves the sign-in page and a healthy /healthz with the database state', async () => {
    const login = await fetch(`${portal.url}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Sign in');
    const health = await fetch(`${portal.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    expect(await (await admin.get('/healthz')).json()).toMatchObject({
      status: 'ok',
      // Eleven demo people: Nadia Brooks of Bluestone Analytics (Contoso's vendor) joined with issue 12.
      database: { state: 'ok', journalMode: 'wal', users: 11, projects: 3 },
      // one web worker runs its own job thread
      jobs: 'local',
    });
  });

  it('sends a signed-out visitor to sign in, and answers unknown pages with a 404 page', async () => {
    const home = await client(portal).get('/');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/login?next=%2F');
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const missing = await pm.get('/no/such/page');
    expect(missing.status).toBe(404);
    const html = await missing.text();
    expect(html).toContain('Page not found');
    expect(html).not.toMatch(/at .*\.js:\d+/);
  });

  it('returns a person to the page they asked for after sign-in, and never to another site', async () => {
    const html = await (await fetch(`${portal.url}/login?next=%2Fprojects`)).text();
    expect(html).toContain('name="next" value="/projects"');
    const signIn = (next: string) => client(portal).post('/login', { email: 'analyst@demo.test', password: demoPassword, next });
    expect((await signIn('/projects')).headers.get('location')).toBe('/projects');
    expect((await signIn('//evil.example/x')).headers.get('location')).toBe('/');
    expect((await signIn('/\\evil.example/x')).headers.get('location')).toBe('/');
  });

  it('answers a refused upload with 400 and every problem by path, next to the form', async () => {
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    const res = await analyst.post('/projects/1/plans', {
      document: JSON.stringify({ schemaVersion: 1, id: 'X', name: 'X', currency: 'USD', periodKind: 'fortnight', measures: [], components: [] }),
    });
    expect(res.status).toBe(400);
    const html = (await res.text()).replaceAll('<!-- -->', '');
    expect(html).toContain('The plan was not saved');
    expect(html).toContain('<code>periodKind</code>');
  });

  it('refuses a POST from another origin before any action runs', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const before = openDatabase(portal.dbPath).select().from(auditLog).all().length;
    const forged = await pm.post(
      '/projects/new',
      { name: 'Forged', client: 'Evil', methodologyKey: 'SALE', startDate: '2027-01-04', targetDate: '2027-06-30' },
      'https://evil.example',
    );
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('another site');
    const loginFromElsewhere = await client(portal).post('/login', { email: 'pm@demo.test', password: demoPassword }, 'https://evil.example');
    expect(loginFromElsewhere.status).toBe(403);
    expect(openDatabase(portal.dbPath).select().from(auditLog).all()).toHaveLength(before);
  });

  it('locks an account after repeated failed sign-ins and says so on the page', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) last = await client(portal).post('/login', { email: 'viewer@demo.test', password: 'wrong-password' });
    expect(last?.status).toBe(423);
    expect(await last?.text()).toContain('Too many failed sign-ins with this email from here: try again after');
  });

  it('signs out by revoking the session: the old cookie no longer works', async () => {
    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    expect((await tester.get('/')).status).toBe(200);
    expect((await tester.post('/logout', {})).status).toBe(302);
    expect((await tester.get('/')).status).toBe(302);
  });
});

describe('starting', () => {
  // Two real starts, the first seeding an empty database: slower than the other tests, which start on a copy.
  it('a first start seeds the demo; a second start keeps the data and seeds nothing twice', { timeout: 300_000 }, async () => {
    const first = await startPortal({ freshDemo: true });
    await first.stop();
    expect(first.output()).toContain('Seeded the demo organisation');
    const count = () => {
      const db = openDatabase(first.dbPath);
      const n = {
        users: db.select().from(users).all().length,
        projects: db.select().from(projects).all().length,
        audit: db.select().from(auditLog).all().length,
      };
      db.$client.close();
      return n;
    };
    const before = count();
    const second = await startPortal({ dbPath: first.dbPath });
    await second.stop();
    expect(second.output()).toContain('Using existing data');
    expect(count()).toEqual(before);
  });

  it('refuses to start in production without SESSION_SECRET, saying so', () => {
    const run = spawnSync(process.execPath, ['scripts/start-cli.mjs'], {
      env: { ...process.env, SESSION_SECRET: '', DATABASE_PATH: '/tmp/never-created/portal.sqlite', PORT: '0' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Refusing to start: SESSION_SECRET is not set');
  });

  it('refuses to start with a password hash cost below the minimum, saying so', () => {
    const run = spawnSync(process.execPath, ['scripts/start-cli.mjs', '--demo'], {
      env: { ...process.env, PASSWORD_HASH_COST: '512', DATABASE_PATH: '/tmp/never-created/portal.sqlite', PORT: '0' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Refusing to start: PASSWORD_HASH_COST must be a power of two from 1024 to 131072');
  });
});

describe('the Northwind Scope gate page', () => {
  it('shows its computed criterion with its rule and what is missing', async () => {
    const portal = await startPortal();
    try {
      const db = openDatabase(portal.dbPath);
      const scope = db.$client
        .prepare(
          "SELECT ph.id, ph.project_id AS projectId FROM phases ph JOIN projects p ON p.id = ph.project_id WHERE p.name = 'Northwind Bank ICM implementation' AND ph.key = 'scope'",
        )
        .get() as { id: number; projectId: number };
      db.$client.close();
      const stakeholder = await signIn(portal, 'stakeholder@demo.test', demoPassword);
      // React separates adjacent text with <!-- --> in server HTML; read it as a person would.
      const html = (await (await stakeholder.get(`/projects/${scope.projectId}/phases/${scope.id}`)).text()).replaceAll('<!-- -->', '');
      expect(html).toContain('Computed criteria');
      expect(html).toContain('Every must-have requirement signed off');
      expect(html).toContain('Rule: Every current, not retired, must-have requirement of the project is signed off.');
      // REQ-006 is a must-have whose second version is still a draft.
      expect(html).toContain('REQ-006 Clawback of commission on loans cancelled within 90 days of funding (draft)');
    } finally {
      await portal.stop();
    }
  });
});
