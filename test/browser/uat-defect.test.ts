import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('UAT: a failing payout case becomes a defect that is fixed and verified by another tester', () => {
  const session = useBrowserPortal();

  const traceRow = async (key: string) => {
    const { page, portal } = session;
    await goto(page, `${portal.url}/projects/1/traceability`);
    await page.getByRole('main').getByLabel('Search').fill(key);
    return (await page.getByRole('row', { name: new RegExp(`^${key}`) }).textContent()) ?? '';
  };

  it('tester runs the cycle, reads the explain trace, logs a defect; analyst fixes; another tester verifies; the matrix shows it', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'tester@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/1/testing`);
    await page.getByRole('link', { name: 'UAT round 1' }).click();
    await page.locator('h1', { hasText: 'UAT round 1' }).waitFor();
    await page.getByRole('button', { name: /Run all \d+ payout cases/ }).click();
    // TC-006's expectation is wrong, and TC-004 fails on NW-RM-2026 v1, in effect until v2 (its fix) is approved and published.
    await page.getByText(/6 of 6 run, 2 not passed · done/).waitFor();
    expect(await page.getByRole('progressbar', { name: 'Cases run' }).getAttribute('value')).toBe('6');

    await page.getByRole('link', { name: 'TC-006' }).click();
    await page.locator('h1', { hasText: 'TC-006' }).waitFor();
    expect(await page.locator('h2', { hasText: 'Latest run' }).textContent()).toContain('failed');
    // The participant by the name the dataset gives (the id beside it); amounts as the trace writes them.
    const failing = page.getByRole('row', { name: /^Bo Svensson \(B2\) loan_commission/ });
    expect(await failing.textContent()).toContain('4,800.00');
    expect(await failing.textContent()).toContain('4,500.00');
    // The trace of the failing line is open: the tier steps with their numbers.
    await failing.getByText('Tier 2 pays 300,000.00 x 1.5% = 4,500.00').waitFor();

    await page.getByLabel('Defect title').fill('Specialist credit on syndicated loans pays 4,500.00, not 4,800.00');
    await page.getByLabel('Severity').selectOption('2');
    await page.getByRole('button', { name: 'Log defect' }).click();
    const logged = await page.getByText(/DEF-\d+ logged\./).textContent();
    const key = logged!.match(/DEF-\d+/)![0];
    expect(await traceRow('REQ-002')).toContain(key);
    await signOut(page);

    await signInAs(page, portal.url, 'analyst@demo.test', demoPassword);
    await page.getByRole('link', { name: new RegExp(`Fix ${key}`) }).click();
    await page.locator('h1', { hasText: key }).waitFor();
    await page.getByLabel('What was changed?').fill('Split shares confirmed with finance; the expectation was from the legacy sheet.');
    await page.getByRole('button', { name: 'Mark fixed' }).click();
    await page.locator('h1', { hasText: 'Fixed' }).waitFor();
    // The fixer is offered no way to verify their own fix.
    expect(await page.getByRole('button', { name: 'Verify the fix' }).count()).toBe(0);
    await signOut(page);

    await signInAs(page, portal.url, 'tester2@demo.test', demoPassword);
    await page.getByRole('link', { name: new RegExp(`Verify ${key}`) }).click();
    await page.locator('h1', { hasText: key }).waitFor();
    // The fix note is in front of the verifier; verifying runs the case, which still fails on the old expectation.
    await page.getByText('Split shares confirmed with finance; the expectation was from the legacy sheet.').first().waitFor();
    await page.getByRole('button', { name: 'Verify the fix' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(
      /TC-006 still fails, so DEF-\d+ is not verified\. B2 loan_commission: expected 4800\.00, engine 4500\.00/,
    );
    await page.locator('h1', { hasText: 'Fixed' }).waitFor();

    // The tester corrects the expectation (a new version of the case), then verifies: the run passes.
    await page.getByRole('link', { name: 'TC-006' }).click();
    await page.locator('h1', { hasText: 'TC-006' }).waitFor();
    await page.getByText(/Edit this case/).click();
    const expected = page.getByLabel('Expected payouts CSV');
    await expected.fill(((await expected.inputValue()) ?? '').replace('4800.00', '4500.00'));
    await page.getByRole('button', { name: /Save as version/ }).click();
    await page.getByRole('status').waitFor();
    await goto(page, `${portal.url}/projects/1/defects`);
    await page.getByRole('link', { name: key }).click();
    await page.getByRole('button', { name: 'Verify the fix' }).click();
    await page.locator('h1', { hasText: 'Verified' }).waitFor();
    expect(await page.getByTestId('verifying-run').textContent()).toMatch(/^Priya Nair, run #\d+ of TC-006 .*: passed\./);
    expect(await traceRow('REQ-002')).not.toContain(key);
    expect(errors).toEqual([]);
  });
});
