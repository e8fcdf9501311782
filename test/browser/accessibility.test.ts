/**
 * Issue 16, acceptance 1, in Chromium: every page of the demo, as every role that may read it (the
 * table of test/support/pages.ts, which the authorization test walks too), passes axe-core's WCAG 2.1
 * A and AA rules with no serious or critical violation. The login page is checked signed out.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';
import { emails, type ReadIds, readIdsOf, reads, roles } from '../support/pages';

type Found = { page: string; rule: string; impact: string; help: string; targets: string[] };

async function violationsOn(page: Page, path: string): Promise<Found[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
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

  it('the sign-in page', async () => {
    const { page, portal } = session;
    await goto(page, `${portal.url}/login`);
    expect(await violationsOn(page, '/login')).toEqual([]);
  });

  const signedIn = roles.filter((r) => r !== 'signedOut');
  it.each(signedIn)('every page %s may read', async (role) => {
    const { page, portal } = session;
    await signInAs(page, portal.url, emails[role], demoPassword);
    const found: Found[] = [];
    const pages = reads
      .filter((r) => r.allowed.includes(role))
      .map((r) => r.path(ids))
      .filter((p) => !/\.csv(\?|$)/.test(p));
    for (const path of [...pages, '/search?q=commission', '/account/password']) {
      await goto(page, `${portal.url}${path}`);
      found.push(...(await violationsOn(page, path)));
    }
    await signOut(page);
    expect(found).toEqual([]);
  });
});
