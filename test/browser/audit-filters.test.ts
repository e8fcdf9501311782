import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, useBrowserPortal } from '../support/browser';

describe('the audit trail’s one filter bar (issue 16)', () => {
  const session = useBrowserPortal();

  it('an administrator narrows every project’s rows by choosing a project and an action, and opens the item a row is about', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'admin@demo.test', demoPassword);
    await goto(page, `${portal.url}/admin/audit`);
    // One bar of filters: the grid below it adds no search box or filters of its own.
    expect(await page.getByRole('form', { name: 'Audit filters' }).count()).toBe(1);
    expect(await page.getByRole('main').getByRole('searchbox', { name: 'Search' }).count()).toBe(0);

    // Choosing applies at once, as the grids' own filters do.
    const filters = page.getByRole('form', { name: 'Audit filters' });
    await filters.getByRole('combobox', { name: 'Project', exact: true }).selectOption({ label: 'Northwind Bank ICM implementation' });
    await page.waitForURL(/project=\d+/);
    await filters.getByRole('combobox', { name: 'What', exact: true }).selectOption({ label: 'Deliverable accepted' });
    await page.waitForURL(/action=deliverable\.accepted/);
    // The address changes before the filtered rows arrive: wait for the table to show them, then read it at once.
    const rows = page.locator('tbody tr');
    await page.waitForFunction(() => {
      const trs = [...document.querySelectorAll('tbody tr')];
      return trs.length > 0 && trs.every((tr) => tr.textContent?.includes('Deliverable accepted'));
    });
    const texts = await rows.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const row of texts) {
      expect(row).toContain('Northwind Bank ICM implementation');
      expect(row).toContain('Deliverable accepted');
    }
    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/deliverables\/\d+$/);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
