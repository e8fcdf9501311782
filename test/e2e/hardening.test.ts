import { request as httpRequest } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { sessions, users } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { launchBrowser, openPage, signInAs } from '../support/browser';
import { client, type Portal, signIn, startPortal } from '../support/server';

// Issue 9: findings 2, 8, 9 and 14 over HTTP, and the body-size limit.

const expectSecurityHeaders = (res: Response, what: string) => {
  const h = res.headers;
  expect(h.get('content-security-policy'), what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(h.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('same-origin');
};

/** A request written by hand: headers that promise a body, then only what `body` holds. */
function rawRequest(url: string, opts: { method?: string; headers: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.flushHeaders();
  });
}

describe('the hardened portal', () => {
  let portal: Portal;
  beforeAll(async () => {
    // TRUST_PROXY: the tests play clients at several addresses through X-Forwarded-For, as behind a proxy.
    portal = await startPortal({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await portal?.stop();
  });
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const signInFrom = (address: string, email: string, password: string, next = '/') =>
    fetch(`${portal.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: portal.url, 'Content-Type': 'application/x-www-form-urlencoded', ...from(address) },
      body: new URLSearchParams({ email, password, next }),
    });

  // Acceptance line 5.
  it('sends the security headers with every response: pages, assets, data, errors and refusals', async () => {
    const anonymous = client(portal);
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    const loginHtml = await (await anonymous.get('/login')).text();
    const asset = /\/assets\/[^"]+\.js/.exec(loginHtml)?.[0];
    expect(asset).toBeDefined();
    const responses: [string, Response][] = [
      ['sign-in page', await anonymous.get('/login')],
      ['redirect to sign-in', await anonymous.get('/projects')],
      ['health', await anonymous.get('/healthz')],
      ['script asset', await anonymous.get(asset!)],
      ['favicon', await anonymous.get('/favicon.svg')],
      ['page', await admin.get('/projects')],
      ['data request', await admin.get('/projects.data')],
      ['csv', await admin.get('/projects/1/requirements.csv')],
      ['not found', await admin.get('/no/such/page')],
      ['refused sign-in', await anonymous.post('/login', { email: 'nobody@demo.test', password: 'wrong' })],
      ['cross-site post', await admin.post('/projects/new', { name: 'x' }, 'https://evil.example')],
      ['json body', await fetch(`${portal.url}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: portal.url }, body: '{}' })],
    ];
    for (const [what, res] of responses) expectSecurityHeaders(res, `${what} (${res.status})`);
    expect(responses.find(([w]) => w === 'page')?.[1].headers.get('strict-transport-security')).toBeNull();
  });

  it('puts the page’s nonce on every inline script, and a browser hydrates the pages with no policy violation', async () => {
    const res = await client(portal).get('/login');
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    // A second response has another nonce.
    expect((await client(portal).get('/login')).headers.get('content-security-policy')).not.toContain(nonce);

    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser);
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
      await page.getByRole('link', { name: 'Projects', exact: true }).click();
      await page.locator('h1', { hasText: 'Projects' }).waitFor();
      await page.getByRole('link', { name: 'Northwind Bank ICM implementation' }).click();
      await page.getByRole('heading', { name: 'Northwind Bank ICM implementation' }).waitFor();
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  // Finding 8.
  it('never sends a person to another site after sign-in', async () => {
    for (const next of ['/\\evil.example/x', '//evil.example/x', '/\t/evil.example', 'https://evil.example/']) {
      const res = await signInFrom('192.0.2.8', 'analyst@demo.test', demoPassword, next);
      expect(res.status, next).toBe(302);
      expect(res.headers.get('location'), next).toBe('/');
    }
    const html = await (await client(portal).get(`/login?next=${encodeURIComponent('/\\evil.example/x')}`)).text();
    expect(html).toContain('name="next" value="/"');
    expect((await signInFrom('192.0.2.8', 'analyst@demo.test', demoPassword, '/projects?page=2')).headers.get('location')).toBe('/projects?page=2');
  });

  // Finding 14: a JSON body or a cut-off multipart body answered 500.
  it('answers a body that is not a form, or a multipart form cut off, with 400 and a reason', async () => {
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    const post = (path: string, contentType: string, body: string) =>
      fetch(`${portal.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: analyst.cookie!, Origin: portal.url, 'Content-Type': contentType },
        body,
      });
    const json = await post('/projects/1/plans', 'application/json', JSON.stringify({ document: '{}' }));
    expect(json.status).toBe(400);
    expect(await json.text()).toContain('The portal accepts forms only');
    const loginJson = await fetch(`${portal.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: portal.url },
      body: JSON.stringify({ email: 'pm@demo.test', password: demoPassword }),
    });
    expect(loginJson.status).toBe(400);
    const cutOff = await post(
      '/projects/1/plans',
      'multipart/form-data; boundary=----cut',
      '------cut\r\nContent-Disposition: form-data; name="document"\r\n\r\n{"schemaVersion": 1, "id": "X"',
    );
    expect(cutOff.status).toBe(400);
    expect(await cutOff.text()).toContain('The form arrived incomplete or malformed');
    // The data request a script would send is refused the same way.
    expect((await post('/projects/1/plans.data', 'application/json', '{}')).status).toBe(400);
  });

  it('refuses a body over the limit with 413 before reading it, and a body of unstated length with 411', async () => {
    const big = await rawRequest(`${portal.url}/login`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(26 * 1024 * 1024), Origin: portal.url },
      body: 'email=',
    });
    expect(big.status).toBe(413);
    expect(big.text).toContain('This request is larger than the portal accepts: at most 25 MB per request');
    expect(big.headers['x-content-type-options']).toBe('nosniff');
    const chunked = await rawRequest(`${portal.url}/login`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked', Origin: portal.url },
    });
    expect(chunked.status).toBe(411);
    expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
  });

  // Finding 14: /healthz showed counts to anyone.
  it('tells anyone only that it is up at /healthz, and an admin the database figures', async () => {
    const health = await client(portal).get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    expect(await (await viewer.get('/healthz')).json()).toEqual({ status: 'ok' });
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    expect(await (await admin.get('/healthz')).json()).toMatchObject({ status: 'ok', database: { state: 'ok', journalMode: 'wal', users: 11 } });
  });

  // Finding 9: 423 only for real accounts; anyone could keep a known account locked.
  it('answers an unknown email as a real one, and a stranger’s wrong guesses do not lock the owner out', async () => {
    const answers = async (email: string, address: string) => {
      const out: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const res = await signInFrom(address, email, 'wrong-password');
        const text = (await res.text()).replaceAll('<!-- -->', '');
        out.push([res.status, /role="alert">([^<]*)</.exec(text)?.[1] ?? '']);
      }
      return out;
    };
    const real = await answers('viewer@demo.test', '198.51.100.9');
    expect(real.at(-1)?.[0]).toBe(423);
    expect(real.at(-1)?.[1]).toContain('Too many failed sign-ins with this email from here: try again after');
    const unknown = await answers('nobody@demo.test', '198.51.100.9');
    expect(unknown.map(([s, m]) => [s, m.replace(/\d\d:\d\d/, 'HH:MM')])).toEqual(real.map(([s, m]) => [s, m.replace(/\d\d:\d\d/, 'HH:MM')]));
    // The owner, from their own address, signs in while the stranger is locked.
    expect((await signInFrom('203.0.113.7', 'viewer@demo.test', demoPassword)).status).toBe(302);
    expect((await signInFrom('198.51.100.9', 'viewer@demo.test', demoPassword)).status).toBe(423);
  });

  // Finding 2, acceptance line 3: 40 parallel attempts, 39 wrong and the last right, signed in.
  it('never signs in 40 parallel attempts, 39 wrong and then the right one', async () => {
    // A person whose password is hashed at the production cost, so each check is slow, as in the probe.
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    const password = 'a slow and long password';
    const created = await admin.post('/admin/people/new', { name: 'Rita Race', email: 'rita@demo.test', password });
    expect(created.status).toBe(302);
    const attempts: Promise<Response>[] = [];
    for (let i = 0; i < 39; i++) attempts.push(signInFrom('192.0.2.40', 'rita@demo.test', `wrong-password-${i}`));
    // The right one follows as soon as the first answer is back: before the fix the lock was still unread then.
    await Promise.race(attempts);
    attempts.push(signInFrom('192.0.2.40', 'rita@demo.test', password));
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toEqual([]);
    // Refused unchecked: five attempts are being checked (429), or the fifth wrong one has locked (423).
    expect([423, 429]).toContain(statuses.at(-1));
    const db = openDatabase(portal.dbPath);
    const rita = db.select().from(users).where(eq(users.email, 'rita@demo.test')).get()!;
    expect(db.select().from(sessions).where(eq(sessions.userId, rita.id)).all()).toEqual([]);
    db.$client.close();
  });
});

describe('behind HTTPS', () => {
  it('adds Strict-Transport-Security when COOKIE_SECURE=true', async () => {
    const portal = await startPortal({ env: { COOKIE_SECURE: 'true' } });
    try {
      const res = await client(portal).get('/login');
      expectSecurityHeaders(res, 'sign-in page');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await portal.stop();
    }
  });
});
