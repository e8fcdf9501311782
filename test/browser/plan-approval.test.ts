import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('a plan version approved in the browser', () => {
  const session = useBrowserPortal();

  it('sales operations completes group 1 from My work (a wrong password refused next to the field); only then the VP Sales is asked, and signs', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await page.locator('h1', { hasText: 'My work' }).waitFor();
    // Group 2's turn has not come: the VP Sales is not asked yet.
    expect(await page.getByRole('link', { name: /Approve NW-RM-2026 version 2/ }).count()).toBe(0);
    await signOut(page);

    await signInAs(page, portal.url, 'salesops@demo.test', demoPassword);
    await page.getByRole('link', { name: /Approve NW-RM-2026 version 2/ }).click();
    await page.locator('h1', { hasText: 'NW-RM-2026 version 2' }).waitFor();
    expect(await page.locator('h1').textContent()).toContain('In approval');
    // The route shows who signed and who is next.
    const route = await page.locator('ol.route').textContent();
    expect(route).toContain('Fiona Lindqvist as “approved as finance”: signed');
    expect(route).toContain('Omar Reyes as “approved as sales operations”: next to sign');
    await page.getByLabel('approved as sales operations').check();
    await page.getByLabel('Your password (to sign)').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText('Wrong password.').waitFor();
    await page.getByLabel('approved as sales operations').check();
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText('Your signature is recorded.').waitFor();
    await page.locator('ol.route', { hasText: 'Group 2 · signing now' }).waitFor({ timeout: 8000 });
    await signOut(page);

    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await page.getByRole('link', { name: /Approve NW-RM-2026 version 2/ }).click();
    await page.locator('h1', { hasText: 'NW-RM-2026 version 2' }).waitFor();
    // A reject needs a reason, refused next to its field.
    await page.getByRole('button', { name: 'Reject this version' }).click();
    await page.getByText('Say why the version is rejected (at least 5 characters).').waitFor();
    await page.getByLabel('approved as business owner').check();
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText('Your signature is recorded.').waitFor();
    await page.locator('h1', { hasText: 'Approved' }).waitFor();
    // History reads as sentences, not event codes.
    const history = await page.locator('ol.history').textContent();
    expect(history).toContain('Omar Reyes signed it: approved as sales operations');
    expect(history).not.toContain('SIGN');

    // The plan document shows the three signatures and the worked illustrations; printed, no navigation or button.
    await page.getByRole('link', { name: 'Read the plan document' }).click();
    await page.locator('h1', { hasText: 'Relationship manager plan 2026: plan document' }).waitFor();
    const record = page.locator('section[aria-labelledby="approval-record"] tbody tr');
    const cells = (row: number) => record.nth(row).locator('td').allTextContents();
    expect(await record.count()).toBe(3);
    expect((await cells(0)).slice(0, 4)).toEqual(['Fiona Lindqvist', 'approved as finance', '1', '2026-11-18 14:00:00']);
    expect((await cells(1)).slice(0, 3)).toEqual(['Omar Reyes', 'approved as sales operations', '1']);
    expect((await cells(2)).slice(0, 3)).toEqual(['Sam Okafor', 'approved as business owner', '2']);
    const illustrations = page.locator('table.illustration');
    expect(await illustrations.count()).toBe(5);
    const payouts = (at: number) =>
      illustrations
        .nth(at)
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    // 100 % attainment pays 100 % of the 40,000 target, 150 % is capped at 150 % of it; referrals are not illustrated.
    expect(await payouts(2)).toEqual([
      ['Quarterly bonus', '40,000.00'],
      ['Referral incentive', expect.stringContaining('Not illustrated: it pays per referral')],
    ]);
    expect((await payouts(4))[0]).toEqual(['Quarterly bonus', '60,000.00']);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.locator('section[aria-labelledby="illustrations"]').evaluate((s) => getComputedStyle(s).breakBefore)).toBe('page');
    expect(await illustrations.first().evaluate((t) => getComputedStyle(t).breakInside)).toBe('avoid');
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
    // Every step is in the audit chain: `npm run audit:verify` on the portal's database passes.
    const verified = execFileSync('npx', ['tsx', 'scripts/audit-verify.ts', portal.dbPath], { encoding: 'utf8' });
    expect(verified).toMatch(/^audit chain intact: \d+ rows checked/);
  });
});
