/**
 * Issue 16, acceptance 2, in Chromium: from the project overview every area of the project is one click
 * away (the project's navigation, on every project page), and each headline figure's link opens a list
 * whose count equals the figure.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, useBrowserPortal } from '../support/browser';

/** The number of rows a list says it shows: "(7)" or "(3 of 12)" in its caption. */
async function listCount(page: Page, caption: RegExp): Promise<number> {
  const text = (await page.getByRole('table', { name: caption }).locator('caption').textContent()) ?? '';
  const m = /\((\d+)(?: of \d+)?\)/.exec(text);
  if (!m) throw new Error(`no count in caption "${text}"`);
  return Number(m[1]);
}

describe('the project shell', () => {
  const session = useBrowserPortal();

  it('every area is one click from the overview, and each figure opens a list of that many', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    const overview = `${portal.url}/projects/1`;
    await goto(page, overview);
    const nav = page.getByRole('navigation', { name: /: areas$/ });
    const areas = await nav.getByRole('link').evaluateAll((as) => as.map((a) => ({ name: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
    expect(areas.map((a) => a.name)).toEqual([
      'Overview',
      'Requirements',
      'Selection',
      'Baselines',
      'Plans',
      'Testing',
      'Defects',
      'Traceability',
      'Parallel runs',
      'Modeling',
      'Vendors',
      'RAID log',
      'Changes',
      'Schedule',
      'Status reports',
      'Audit',
      'Members',
    ]);
    for (const area of areas) {
      await goto(page, overview);
      await nav.getByRole('link', { name: area.name, exact: true }).click();
      await page.waitForURL((u) => u.pathname === area.href);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // the area's tab is marked as the current one
      await nav.locator('a[aria-current="page"]', { hasText: area.name }).waitFor({ timeout: 5000 });
    }

    // Must-haves signed: "S of M"; the link opens the register filtered to S requirements.
    await goto(page, overview);
    const figures = page.getByRole('region', { name: 'Headline figures' });
    const signed = (await figures.getByRole('link').first().textContent()) ?? '';
    const [s] = signed.split(' of ').map(Number);
    await figures.getByRole('link').first().click();
    await page.waitForURL(/requirements\?priority=must&status=signed/);
    expect(await listCount(page, /Requirements/)).toBe(s);

    // Defects to resolve, and each severity's part.
    await goto(page, overview);
    const defectFigure = figures.locator('.figure', { hasText: 'Defects to resolve' });
    const total = Number(await defectFigure.locator('.figure-value').textContent());
    expect(total).toBeGreaterThan(0);
    await defectFigure.locator('.figure-value').click();
    await page.waitForURL(/defects\?resolved=no/);
    expect(await listCount(page, /Defects of/)).toBe(total);
    // the list names who works on each and links the case that found it
    await page.getByRole('columnheader', { name: /Assigned to/ }).waitFor();
    expect(await page.locator('tbody a[href*="/testing/cases/"]').count()).toBeGreaterThan(0);
    await goto(page, overview);
    const parts = await defectFigure
      .locator('.figure-parts a')
      .evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) {
      // a count, then the severity's name: "2 major", not "2 2 · major"
      expect(part.text).toMatch(/^\d+ (critical|major|moderate|minor)$/);
      await goto(page, `${portal.url}${part.href}`);
      expect(await listCount(page, /Defects of/)).toBe(Number(part.text.split(' ')[0]));
    }

    // Milestones overdue: the milestones on the page marked overdue.
    await goto(page, overview);
    const overdue = Number(await figures.locator('.figure', { hasText: 'Milestones overdue' }).locator('.figure-value').textContent());
    expect(await page.getByRole('region', { name: 'Milestones' }).locator('tbody tr.overdue').count()).toBe(overdue);
    expect(errors).toEqual([]);
  });
});
