import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { signInAs, useBrowserPortal } from '../support/browser';

describe('a variance report in the browser (issue 10)', () => {
  const session = useBrowserPortal();

  it('the VP Sales finds it under My work, reads variance % and, by keyboard, a participant’s explain trace, then signs it off', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await page.getByRole('link', { name: 'Sign Q3 parallel run' }).click();
    await page.locator('h1', { hasText: 'Q3 parallel run' }).waitFor();
    expect(await page.getByRole('row', { name: /^B6 Farah Haddad loan_commission/ }).textContent()).toContain('-35.00%');
    expect(await page.getByRole('row', { name: /^B3 Chioma Eze loan_commission/ }).textContent()).toContain('-100.00%');

    // From B3's line to the engine's trace of B3, with the keyboard.
    await page.getByRole('link', { name: 'B3', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Chioma Eze in Q3 parallel run (B3)' }).waitFor();
    const line = page.getByRole('region', { name: 'loan_commission' });
    const details = line.locator('details');
    expect(await details.getAttribute('open')).not.toBeNull();
    const steps = line.locator('ol.explain > li');
    // Each step reads as words, then its arithmetic.
    expect(await steps.filter({ hasText: '450000 / 1000000 = 0.45' }).textContent()).toMatch(/attainment.*45%.*450000 \/ 1000000 = 0\.45/);
    expect(await steps.last().textContent()).toContain('450000 x 0 = 0');
    // The disclosure closes and opens from the keyboard.
    await line.locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('details')?.open);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !!document.querySelector('details')?.open);

    // Back on the report, which finance has signed: the VP Sales's signature signs it off.
    await page.getByRole('link', { name: 'Back to Q3 parallel run' }).click();
    await page.locator('h1', { hasText: 'Q3 parallel run' }).waitFor();
    await page.getByLabel('Meaning of your signature').selectOption('approved as business owner');
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText('Your signature is recorded.').waitFor();
    await page.locator('h1', { hasText: 'Signed off' }).waitFor();

    expect(errors, errors.join('\n')).toEqual([]);
  });
});
