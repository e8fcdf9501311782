import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('a Launch gate, from request to approval, in the browser', () => {
  const session = useBrowserPortal();

  it('the PM requests review, the stakeholder signs from My work, Embed becomes active, the audit shows both acts', async () => {
    const { page, portal, errors } = session;
    // The PM opens Northwind and its current gate.
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await page.locator('h1', { hasText: 'Projects' }).waitFor();
    await page.getByRole('link', { name: 'Northwind Bank ICM implementation' }).click();
    await page.getByRole('heading', { name: 'Northwind Bank ICM implementation' }).waitFor();
    await page.getByRole('link', { name: 'Launch gate' }).click();
    await page.waitForSelector('h1:has-text("Launch gate")');

    // Requesting with a criterion unchecked is refused with the reason, and nothing moves.
    await page.getByLabel('UAT complete: critical payout cases pass', { exact: true }).check();
    await page.getByLabel('Sam Okafor').check();
    await page.getByRole('button', { name: 'Request gate review' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Every gate criterion must be checked before review');

    for (const label of ['Parallel run reconciled and variances explained', 'Cutover checklist complete and go-live approved'])
      await page.getByLabel(label, { exact: true }).check();
    await page.getByRole('button', { name: 'Request gate review' }).click();
    await page.getByText('Gate review requested.').waitFor();
    await page.locator('h1', { hasText: 'In gate review' }).waitFor();
    // The requester is offered no way to approve their own review.
    expect(await page.getByRole('button', { name: 'Sign and approve' }).count()).toBe(0);
    await signOut(page);

    // The stakeholder finds it in My work and signs with their password.
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await page.getByRole('link', { name: /Approve the Launch gate · Northwind Bank ICM implementation/ }).click();
    await page.waitForSelector('h1:has-text("Launch gate")');
    const meaning = 'I approve the Launch gate for Northwind Bank ICM implementation';
    await page.getByLabel(meaning).check();
    await page.getByLabel('Your password (to sign)').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign and approve' }).click();
    await page.getByText('Wrong password.').waitFor();
    await page.getByLabel(meaning).check();
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign and approve' }).click();
    await page.getByText('Your signature is recorded.').waitFor();
    await page.locator('h1', { hasText: 'Approved' }).waitFor();

    // The phase closed and Embed is active on the project page.
    await page.getByRole('link', { name: 'Northwind Bank ICM implementation' }).click();
    await page.waitForSelector('h2:has-text("Current gate")');
    expect(await page.getByRole('row', { name: /^Embed/ }).textContent()).toContain('Active');
    expect(await page.getByRole('row', { name: /^Launch/ }).textContent()).toContain('Approved');

    // The audit page shows both acts, the signature meaning and the refused attempt.
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.waitForSelector('caption:has-text("Audit trail of")');
    const table = await page.locator('table').last().textContent();
    // Actions are shown by their catalogue labels (workflows/audit-catalogue.ts), not their stored names.
    expect(table).toContain('Gate review requested');
    expect(table).not.toContain('gate.review_requested');
    expect(table).toContain('Paula Prakash');
    expect(table).toContain('Gate signed');
    expect(table).toContain(`Signed: "${meaning}"`);
    expect(table).toContain('Gate signature refused');
    expect(table).toContain('inReview → approved');

    expect(errors, errors.join('\n')).toEqual([]);
  });
});
