/**
 * Issue 16, "Lists before forms" and "Readable values", in Chromium at 1440 x 900:
 * - the requirements register counts its requirements by status, each count a link that filters the
 *   list to that many; its filters apply as you choose (no Apply button), like every other list;
 * - keys never break across lines ("REQ-/001") in the register and the cycle's case list;
 * - the cycle's result filter offers every result, "not run" and "stale" included, and each case's
 *   result is coverage's one definition;
 * - a date is typed as the portal shows it, YYYY-MM-DD.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';
import { queryOne } from '../support/server';

describe('lists that read and filter alike', () => {
  const session = useBrowserPortal();

  it('the register counts by status and filters as you choose; keys stay on one line', async () => {
    const { page, portal, errors } = session;
    await page.setViewportSize({ width: 1440, height: 900 });
    const project = queryOne(portal, "SELECT id FROM projects WHERE name LIKE 'Northwind%'");
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/${project.id}/requirements`);

    const counts = page.getByRole('navigation', { name: 'Requirements by status' });
    const signed = counts.getByRole('link', { name: /^Signed off \d+$/ });
    const n = Number((await signed.textContent())?.match(/\d+/)?.[0]);
    expect(n).toBeGreaterThan(0);
    await signed.click();
    await page.waitForURL(/status=signedOff/);
    const table = page.getByRole('table', { name: /Requirements of/ });
    await expect.poll(async () => (await table.locator('caption').textContent())?.match(/\((\d+)\)/)?.[1]).toBe(String(n));
    expect(await counts.getByRole('link', { name: /^Signed off/ }).getAttribute('aria-current')).toBe('true');

    // choosing a filter applies it at once: there is no Apply button to press
    const filters = page.getByRole('form', { name: 'Filter requirements' });
    expect(await filters.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    await filters.getByLabel('Priority').selectOption('must');
    await page.waitForURL(/priority=must/);
    expect(page.url()).toContain('status=signedOff');
    // typed words apply after a pause
    await filters.getByRole('searchbox').fill('credit');
    await page.waitForURL(/q=credit/);

    // a key is one line: its cell is as tall as a one-line cell
    await goto(page, `${portal.url}/projects/${project.id}/requirements`);
    const key = table.locator('tbody tr td').first();
    expect(await key.evaluate((td) => getComputedStyle(td).whiteSpace)).toBe('nowrap');
    const link = key.locator('a');
    const box = (await link.boundingBox())!;
    const lineHeight = await link.evaluate((a) => Number.parseFloat(getComputedStyle(a).lineHeight) || a.getBoundingClientRect().height);
    expect(box.height).toBeLessThanOrEqual(lineHeight * 1.5);
    expect(errors).toEqual([]);
    await signOut(page);
  });

  it('the cycle’s result filter offers every result; a date is typed YYYY-MM-DD', async () => {
    const { page, portal, errors } = session;
    const cycle = queryOne(
      portal,
      "SELECT c.id, c.project_id AS projectId FROM test_cycles c JOIN projects p ON p.id = c.project_id WHERE p.name LIKE 'Northwind%' ORDER BY c.id LIMIT 1",
    );
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/${cycle.projectId}/testing/cycles/${cycle.id}`);
    const filter = page.getByRole('combobox', { name: 'Result', exact: true });
    expect(await filter.locator('option').allTextContents()).toEqual(['All', 'passed', 'failed', 'blocked', 'not run', 'stale']);
    const list = page.getByRole('table', { name: /Cases in this cycle/ });
    await filter.selectOption('not run');
    // every row left is a case not run (or the list says none is)
    const results = await list.locator('tbody [class^="result-"]').allTextContents();
    if (results.length === 0) expect(await list.locator('tbody td.empty').textContent()).toContain('No rows match');
    for (const r of results) expect(r).toMatch(/^not run/);
    await filter.selectOption('passed');
    for (const r of await list.locator('tbody [class^="result-"]').allTextContents()) expect(r).toBe('passed');

    await goto(page, `${portal.url}/projects/${cycle.projectId}/testing`);
    await page.getByText('Plan a test cycle…').click();
    const start = page.getByLabel('Planned start');
    expect(await start.getAttribute('placeholder')).toBe('YYYY-MM-DD');
    expect(await start.getAttribute('type')).toBe('text');
    expect(errors).toEqual([]);
  });
});
