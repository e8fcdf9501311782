/**
 * Issue 14, acceptance 7, in Chromium: the PM logs a risk and raises a change request, assesses it as
 * moving go-live by 20 days; the sponsor approves and signs it; the timeline shows go-live moved against
 * the baseline; the portfolio shows Northwind red with the slip as the reason that decided it.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('governance in the browser', () => {
  const session = useBrowserPortal();

  it('risk -> change request -> impact -> sponsor approves -> timeline moved -> portfolio status with reasons', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);

    // A risk on the RAID log, with its exposure.
    await goto(page, `${portal.url}/projects/1/raid`);
    // the form is folded under the log: its summary opens it
    await page.getByText('Log an item…').click();
    const log = page.locator('form', { has: page.getByRole('heading', { name: 'Log an item' }) });
    await log.getByLabel('Type', { exact: true }).selectOption('risk');
    await log.getByLabel('Title', { exact: true }).fill('Payroll cut-over slips past go-live');
    await log.getByLabel('Probability, 1 to 5').fill('3');
    await log.getByLabel('Impact, 1 to 5').fill('4');
    await log.getByLabel('Mitigation').fill('Run January payroll from the legacy system in parallel');
    await log.getByLabel('Owner').selectOption({ label: 'Paula Prakash' });
    await log.getByLabel('Next review').fill('2026-12-14');
    await log.getByRole('button', { name: 'Log the item' }).click();
    await page.getByText('RAID-027 logged.').waitFor();
    await page.getByRole('main').getByRole('searchbox').fill('Payroll cut-over');
    expect(await page.getByRole('row', { name: /RAID-027 .*Payroll cut-over slips past go-live/ }).textContent()).toContain('12 (3 × 4');

    // A change request, raised for the sponsor to decide.
    await goto(page, `${portal.url}/projects/1/changes`);
    await page.getByText('Raise a change request').click();
    const raise = page.getByRole('form', { name: 'Raise a change request' });
    await raise.getByLabel('Title').fill('Parallel payroll for January');
    await raise.getByLabel('What changes, and why').fill('Pay January from the legacy system alongside the new one, so a cut-over slip pays nobody wrongly.');
    await raise.getByLabel('Who decides it').selectOption({ label: 'Sam Okafor (business owner)' });
    await raise.getByRole('button', { name: 'Raise it' }).click();
    await page.getByRole('heading', { name: /CR-003/ }).waitFor();
    const changeUrl = page.url();

    // Its impact: go-live moves by 20 days.
    const assess = page.getByRole('form', { name: 'Assess the impact' });
    await assess.getByLabel('Summary of the impact').fill('Go-live waits for one parallel January payroll.');
    await assess.getByLabel(/^Go-live \(due /).fill('20');
    await assess.getByLabel('Cost impact').fill('18000');
    await assess.getByRole('button', { name: 'Record the impact' }).click();
    await page.getByText('Go-live: +20 day(s)').first().waitFor();
    await signOut(page);

    // The sponsor approves it, signing with password and meaning.
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await goto(page, changeUrl);
    const approve = page.getByRole('form', { name: 'Approve the change' });
    await approve.getByLabel('Meaning of your signature').selectOption('approved as business owner');
    await approve.getByLabel('Your password (to sign)').fill(demoPassword);
    await approve.getByRole('button', { name: 'Approve and sign' }).click();
    await page.getByText(/Approved by Sam Okafor on/).waitFor();

    // The timeline shows go-live where it is now, against the baseline.
    await goto(page, `${portal.url}/projects/1`);
    await page.getByText('Go-live: +20 day(s) against the baseline').waitFor();
    const goLive = page.getByRole('row', { name: /^Go-live Launch/ });
    expect(await goLive.textContent()).toContain('2027-01-28');
    await signOut(page);

    // The portfolio: Northwind red, decided by the slip, which links to the project.
    await signInAs(page, portal.url, 'viewer@demo.test', demoPassword);
    await page.getByRole('link', { name: 'Portfolio' }).click();
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /Northwind Bank ICM implementation/ });
    expect(await row.locator('.badge.rag-red').first().textContent()).toBe('red');
    const reason = row.getByRole('listitem').filter({ hasText: 'Largest milestone slip against the schedule baseline: 20 days' });
    expect(await reason.getAttribute('title')).toBe('Go-live, 2027-01-08 → 2027-01-28');
    await row.getByRole('link', { name: 'Northwind Bank ICM implementation' }).click();
    await page.getByRole('heading', { name: 'Northwind Bank ICM implementation', level: 1 }).waitFor();
    expect(errors).toEqual([]);
  });
});
