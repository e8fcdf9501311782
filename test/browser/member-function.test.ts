import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('a member’s function on the members page, and the sign form that follows it', () => {
  const session = useBrowserPortal();

  it('the PM changes Sam Okafor from business owner to finance in place; his sign form then offers "approved as finance"', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await page.getByRole('link', { name: 'Northwind Bank ICM implementation' }).first().click();
    await page.locator('h1', { hasText: 'Northwind Bank ICM implementation' }).waitFor();
    const url = new URL(page.url());
    await goto(page, `${portal.url}${url.pathname}/members`);
    const select = page.getByLabel('Function of Sam Okafor');
    expect(await select.inputValue()).toBe('business_owner');
    await select.selectOption({ label: 'Finance' });
    await page.getByRole('button', { name: 'Save the function of Sam Okafor' }).click();
    await page.getByText("Sam Okafor's function is saved.").waitFor();
    expect(await page.getByLabel('Function of Sam Okafor').inputValue()).toBe('finance');
    await signOut(page);

    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await page
      .getByRole('link', { name: /^Sign REQ-/ })
      .first()
      .click();
    await page.getByLabel('Meaning of your signature').waitFor();
    const offered = await page.getByLabel('Meaning of your signature').locator('option').allTextContents();
    expect(offered).toEqual(['Choose…', 'approved as finance', 'reviewed, no objection']);
    expect(errors).toEqual([]);
  });
});
