/**
 * Issue 16, acceptance 1, in Chromium: every page of the demo, as every role that may read it (the
 * table of test/support/pages.ts, which the authorization test walks too), passes axe-core's WCAG 2.1
 * A and AA rules with no serious or critical violation. The login page is checked signed out.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { signInAs, useBrowserPortal } from '../support/browser';
import { emails, type ReadIds, readIdsOf, reads, roles } from '../support/pages';

type Found = { page: string; rule: string; impact: string; help: string; targets: string[] };

async function violationsOn(page: Page, path: string): Promise<Found[]> {
  // only violations are read: collecting every pass and incomplete check as well doubles the time a page takes
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ resultTypes: ['violations'] })
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: path, rule: v.id, impact: String(v.impact), help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

describe('accessibility of every page, for every role', () => {
  const session = useBrowserPortal();
  let ids: ReadIds;
  beforeAll(() => {
    ids = readIdsOf(session.portal.dbPath);
  });

  // axe-core needs a page of its own browser context; a context per role also keeps each role's cookies apart
  const freshPage = async () => {
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return { context, page: await context.newPage() };
  };

  it('the sign-in page', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${session.portal.url}/login`, { waitUntil: 'load' });
    expect(await violationsOn(page, '/login')).toEqual([]);
    await context.close();
  });

  const signedIn = roles.filter((r) => r !== 'signedOut');
  // Roles are walked two at a time (the e2e project's maxConcurrency): axe works in the browser's
  // renderer, one per context, so two contexts use both cores and halve the walk's time in CI.
  it.concurrent.for(process.env.AXE_ROLE ? signedIn.filter((r) => r === process.env.AXE_ROLE) : signedIn)(
    'every page %s may read',
    // the PM and the admin read about 60 pages each, sharing the cores with another role's walk
    { timeout: 600_000 },
    async (role, { expect }) => {
      const { portal } = session;
      const { context, page } = await freshPage();
      await signInAs(page, portal.url, emails[role], demoPassword);
      const found: Found[] = [];
      const pages = reads
        .filter((r) => r.allowed.includes(role))
        .map((r) => r.path(ids))
        .filter((p) => !/\.csv(\?|$)/.test(p));
      for (const path of [...pages, '/search?q=commission', '/account/password']) {
        // the server's page as delivered (axe reads the document; hydration changes no markup it checks)
        const res = await page.goto(`${portal.url}${path}`, { waitUntil: 'load' });
        expect(res?.status(), path).toBe(200);
        const t0 = Date.now();
        found.push(...(await violationsOn(page, path)));
        if (process.env.AXE_TIMES) console.log(`${role} ${path} ${Date.now() - t0} ms`);
      }
      await context.close();
      expect(found).toEqual([]);
    },
  );
});
