/**
 * Issue 16, acceptance 3, in Chromium at 1440 x 900: the cycle page shows its case list within the
 * first 900 px (creation forms are folded under it, the dashboard follows it), for the tester and the
 * PM (who also sees the creation forms). A refused creation opens its form again with what was wrong.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';
import { queryOne } from '../support/server';

describe('lists before forms', () => {
  const session = useBrowserPortal();

  it('the cycle page shows the case list within the first 900 px, for a tester and for the PM', async () => {
    const { page, portal, errors } = session;
    await page.setViewportSize({ width: 1440, height: 900 });
    const cycle = queryOne(
      portal,
      "SELECT c.id, c.project_id AS projectId FROM test_cycles c JOIN projects p ON p.id = c.project_id WHERE p.name LIKE 'Northwind%' ORDER BY c.id LIMIT 1",
    );
    const url = `${portal.url}/projects/${cycle.projectId}/testing/cycles/${cycle.id}`;
    for (const who of ['tester@demo.test', 'pm@demo.test']) {
      await signInAs(page, portal.url, who, demoPassword);
      await goto(page, url);
      const list = page.getByRole('table', { name: /Cases in this cycle/ });
      const box = await list.boundingBox();
      expect(box, who).not.toBeNull();
      expect(box!.y, `${who}: the list starts ${box!.y} px down`).toBeLessThan(900);
      // the first case row is on screen too, not only the table's head
      const firstRow = await list.locator('tbody tr').first().boundingBox();
      expect(firstRow!.y + firstRow!.height).toBeLessThanOrEqual(900);
      await signOut(page);
    }

    // The PM opens the folded form; a refused case keeps it open with the field's message.
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, url);
    await page.getByText('New payout case…').click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'New payout case' }) });
    await form.getByRole('button', { name: 'Create case' }).click();
    await form.locator('.field-error').first().waitFor();
    expect(await form.isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
