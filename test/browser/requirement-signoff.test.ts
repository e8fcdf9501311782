import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('a requirement with a worked example, signed by two stakeholders, then revised', () => {
  const session = useBrowserPortal();

  it('analyst writes and submits; both stakeholders sign; the record shows both; an edit makes version 2 in draft', async () => {
    const { page, portal, errors } = session;
    const title = 'Private bankers earn 1% on net new assets above 5,000,000';
    await signInAs(page, portal.url, 'analyst@demo.test', demoPassword);
    await page.getByRole('link', { name: 'Northwind Bank ICM implementation' }).first().click();
    await page.locator('h1', { hasText: 'Northwind Bank ICM implementation' }).waitFor();
    await page.getByRole('link', { name: 'Requirements', exact: true }).click();
    await page.locator('h1', { hasText: 'Requirements' }).waitFor();
    await page.getByRole('link', { name: 'New requirement' }).click();
    await page.waitForSelector('h1:has-text("New requirement")');

    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Net new assets above 5,000,000 in the quarter pay **1%**.');
    await page.getByLabel('Category').selectOption('plan design');
    await page.getByLabel('Priority').selectOption('should');
    await page.getByLabel('Owner (a stakeholder)').selectOption({ label: 'Sam Okafor' });
    await page.getByLabel('Phase').selectOption('launch');
    await page.getByLabel('Acceptance criteria (one per line)').fill('Measured on net new assets\nPaid quarterly');
    await page.getByRole('button', { name: 'Add worked example' }).click();
    await page.getByLabel('Example 1 name').fill('8,000,000 of net new assets');
    await page.getByLabel('Example 1 input 1 label').fill('net new assets in Q1');
    await page.getByLabel('Example 1 input 1 value').fill('8000000.00');
    await page.getByLabel('Example 1 component 1').fill('assets commission');
    await page.getByLabel('Example 1 amount 1').fill('30000.005');
    await page.getByRole('button', { name: 'Save draft' }).click();
    // The amount has three decimals: refused next to the examples, nothing saved.
    await page.getByText('Enter an amount like 1250.00').waitFor();
    await page.getByLabel('Example 1 amount 1').fill('30000.00');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('h1', { hasText: title }).waitFor();
    const key = (await page.locator('h1').textContent())!.match(/REQ-\d+/)![0];

    await page.getByLabel('Sam Okafor').check();
    await page.getByLabel('Fiona Lindqvist').check();
    await page.getByRole('button', { name: 'Submit for sign-off' }).click();
    await page.getByText('Submitted for sign-off.').waitFor();
    await signOut(page);

    for (const [email, meaning] of [
      ['stakeholder@demo.test', 'approved as business owner'],
      ['finance@demo.test', 'approved as finance'],
    ] as const) {
      await signInAs(page, portal.url, email, demoPassword);
      await page.getByRole('link', { name: `Sign ${key} · ${title}` }).click();
      await page.locator('h1', { hasText: key }).waitFor();
      await page.getByLabel('Meaning of your signature').selectOption(meaning);
      await page.getByLabel('Your password (to sign)').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign', exact: true }).click();
      await page.getByText('Your signature is recorded.').waitFor();
      await signOut(page);
    }

    await signInAs(page, portal.url, 'analyst@demo.test', demoPassword);
    await page.goto(`${portal.url}/projects/1/requirements?q=${encodeURIComponent('net new assets')}`);
    await page.getByRole('link', { name: key }).click();
    await page.locator('h1', { hasText: 'Signed off' }).waitFor();
    const fingerprint = (await page.locator('.fingerprint code').first().textContent())!.trim();
    await page.getByRole('link', { name: 'Sign-off record' }).click();
    await page.waitForSelector('h1:has-text("Sign-off record")');
    const record = (await page.locator('article').textContent())!;
    expect(record).toContain(fingerprint);
    expect(record).toContain('Sam Okafor');
    expect(record).toContain('approved as business owner');
    expect(record).toContain('Fiona Lindqvist');
    expect(record).toContain('approved as finance');
    expect(record).toContain('assets commission = 30000.00');

    await page.getByRole('link', { name: `Back to ${key}` }).click();
    await page.locator('h1', { hasText: key }).waitFor();
    await page.getByRole('link', { name: 'Edit (new version)' }).click();
    await page.locator('h1', { hasText: `Edit ${key}` }).waitFor();
    await page.getByLabel('Description').fill('Net new assets above 5,000,000 in the quarter pay **1.2%**.');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.locator('h1', { hasText: 'Draft' }).waitFor();
    expect(await page.getByText('Version 2 ·').count()).toBe(1);
    const versions = (await page.locator('section', { has: page.locator('#versions') }).textContent())!;
    expect(versions).toMatch(/v1\s*Superseded/);
    expect(versions).toMatch(/v2\s*Draft/);
    expect(versions).toContain('Sam Okafor (approved as business owner), Fiona Lindqvist (approved as finance)');
    expect(errors).toEqual([]);
  });
});
