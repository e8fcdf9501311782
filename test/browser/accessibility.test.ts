/**
 * Issue 16, acceptance 1, in Chromium: every page of the demo, as every role that may read it (the
 * table of test/support/pages.ts, which the authorization test walks too), passes axe-core's WCAG 2.1
 * A and AA rules with no serious or critical violation. The login page is checked signed out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { seriousViolations, type Violation, withAxe } from '../support/axe';
import { signInAs, useBrowserPortal } from '../support/browser';
import { emails, type ReadIds, readIdsOf, reads, roles } from '../support/pages';

describe('accessibility of every page, for every role', () => {
  const session = useBrowserPortal();
  let ids: ReadIds;
  beforeAll(() => {
    ids = readIdsOf(session.portal.dbPath);
  });

  // a context per role keeps each role's cookies apart
  const freshPage = async () => {
    const context = await withAxe(await session.browser.newContext({ viewport: { width: 1440, height: 900 } }));
    return { context, page: await context.newPage() };
  };

  it('the check itself finds what it should (a walk of empty results proves nothing otherwise)', async () => {
    const { context, page } = await freshPage();
    await page.setContent('<html><body><img src="data:,"><input type="text"></body></html>');
    const rules = (await seriousViolations(page, 'bad page')).map((v) => v.rule).sort();
    expect(rules).toEqual(['document-title', 'html-has-lang', 'image-alt', 'label']);
    await context.close();
  });

  it('the sign-in page', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${session.portal.url}/login`, { waitUntil: 'load' });
    expect(await seriousViolations(page, '/login')).toEqual([]);
    await context.close();
  });

  const signedIn = roles.filter((r) => r !== 'signedOut');
  // Roles are walked one after the other: two at a time took longer (379 s against 340 s alone on two
  // cores), and in CI the other core runs the other test files.
  it.for(process.env.AXE_ROLE ? signedIn.filter((r) => r === process.env.AXE_ROLE) : signedIn)(
    'every page %s may read',
    // the PM and the admin read about 75 pages each
    { timeout: 600_000 },
    async (role, { expect }) => {
      const { portal } = session;
      const { context, page } = await freshPage();
      await signInAs(page, portal.url, emails[role], demoPassword);
      const found: Violation[] = [];
      const pages = reads
        .filter((r) => r.allowed.includes(role))
        .map((r) => r.path(ids))
        .filter((p) => !/\.csv(\?|$)/.test(p));
      for (const path of [...pages, '/search?q=commission', '/account/password']) {
        // the server's page as delivered (axe reads the document; hydration changes no markup it checks)
        const t0 = Date.now();
        const res = await page.goto(`${portal.url}${path}`, { waitUntil: 'load' });
        expect(res?.status(), path).toBe(200);
        const t1 = Date.now();
        found.push(...(await seriousViolations(page, path)));
        if (process.env.AXE_TIMES) console.log(`${role} ${path}: page ${t1 - t0} ms, axe ${Date.now() - t1} ms`);
      }
      await context.close();
      expect(found).toEqual([]);
    },
  );
});
