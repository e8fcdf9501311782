import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('a phase gate, from request to approval, in the browser', () => {
  const session = useBrowserPortal();

  it('the Launch gate shows its unmet computed criteria; on Contoso the PM requests review, the stakeholder signs from My work, Evolve becomes active, the audit shows both acts', async () => {
    const { page, portal, errors } = session;
    // The PM opens Northwind's Launch gate: the computed criteria say what the testing still lacks.
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await page.locator('h1', { hasText: 'Projects' }).waitFor();
    await page.getByRole('link', { name: 'Northwind Bank ICM implementation' }).click();
    await page.getByRole('heading', { name: 'Northwind Bank ICM implementation' }).waitFor();
    await page.getByRole('link', { name: 'Launch gate' }).click();
    await page.waitForSelector('h1:has-text("Launch gate")');
    const covered = page.getByRole('listitem').filter({ hasText: 'Every must-have requirement covered by a passing test case' });
    expect(await covered.locator('.badge').first().textContent()).toBe('not met');

    // Contoso's Evaluate gate: its cadence review criterion is computed (met: the seeded review 1 is signed, issue 17), its findings criterion hand-ticked.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('link', { name: 'Contoso Retail E3 optimization' }).click();
    await page.getByRole('heading', { name: 'Contoso Retail E3 optimization' }).waitFor();
    await page.getByRole('link', { name: 'Evaluate gate' }).click();
    await page.waitForSelector('h1:has-text("Evaluate gate")');

    const review = page.getByRole('listitem').filter({ hasText: 'Cadence review held and KPIs compared with the baseline' });
    expect(await review.locator('.badge').first().textContent()).toBe('met');
    // Requesting with a criterion unchecked is refused with the reason, and nothing moves.
    await page.getByLabel('Sam Okafor').check();
    await page.getByRole('button', { name: 'Request gate review' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Every gate criterion must be checked before review');

    await page.getByLabel('Findings prioritised with the business', { exact: true }).check();
    await page.getByRole('button', { name: 'Request gate review' }).click();
    await page.getByText('Gate review requested.').waitFor();
    await page.locator('h1', { hasText: 'In gate review' }).waitFor();
    // The requester is offered no way to approve their own review.
    expect(await page.getByRole('button', { name: 'Sign and approve' }).count()).toBe(0);
    await signOut(page);

    // The stakeholder finds it in My work and signs with their password.
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await page.getByRole('link', { name: /Approve the Evaluate gate · Contoso Retail E3 optimization/ }).click();
    await page.waitForSelector('h1:has-text("Evaluate gate")');
    const meaning = 'I approve the Evaluate gate for Contoso Retail E3 optimization';
    await page.getByLabel(meaning).check();
    await page.getByLabel('Your password (to sign)').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign and approve' }).click();
    await page.getByText('Wrong password.').waitFor();
    await page.getByLabel(meaning).check();
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign and approve' }).click();
    await page.getByText('Your signature is recorded.').waitFor();
    await page.locator('h1', { hasText: 'Approved' }).waitFor();

    // The phase closed and Evolve is active on the project page.
    await page.getByRole('link', { name: 'Contoso Retail E3 optimization' }).click();
    await page.waitForSelector('h2:has-text("Current gate")');
    expect(
      await page
        .getByRole('row', { name: /^Evolve/ })
        .first()
        .textContent(),
    ).toContain('Active');
    expect(
      await page
        .getByRole('row', { name: /^Evaluate/ })
        .first()
        .textContent(),
    ).toContain('Approved');

    // The audit page shows both acts, the signature meaning and the refused attempt.
    await page
      .getByRole('navigation', { name: /: areas$/ })
      .getByRole('link', { name: 'Audit', exact: true })
      .click();
    await page.waitForSelector('caption:has-text("Audit trail of")');
    const table = await page.locator('table').last().textContent();
    // Actions are shown by their catalogue labels (workflows/audit-catalogue.ts), not their stored names.
    expect(table).toContain('Gate review requested');
    expect(table).not.toContain('gate.review_requested');
    expect(table).toContain('Paula Prakash');
    expect(table).toContain('Gate signed');
    expect(table).toContain(`Signed: "${meaning}"`);
    expect(table).toContain('Gate signature refused');
    // States in the machine's words, not its codes.
    expect(table).toContain('In gate review → Approved');
    expect(table).not.toContain('inReview');

    expect(errors, errors.join('\n')).toEqual([]);
  });
});
