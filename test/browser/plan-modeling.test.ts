/**
 * Issue 13, acceptance 5, in Chromium: the analyst opens Northwind's dataset, creates a scenario that
 * raises the top tier's rate, sees the total cost and the pay curve change, compares it with the base,
 * runs a sweep with visible progress, and promotes the scenario to a draft of the plan.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, useBrowserPortal } from '../support/browser';

const amount = (s: string) => Number(s.replace(/[^\d.]/g, ''));
const textOf = async (l: Locator) => (await l.textContent()) ?? '';

describe('plan modeling in the browser', () => {
  const session = useBrowserPortal();

  it('dataset -> scenario -> cost and pay curve -> compare -> sweep -> promote', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'analyst@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/1/modeling`);

    // Open the dataset and create a scenario beside the plan in words.
    await page.getByRole('link', { name: 'Commercial bankers, 2026-Q1 (generated)' }).click();
    await page.getByRole('heading', { name: /NW-CB-2026 version \d+ on this dataset/ }).waitFor();
    await page.getByRole('heading', { name: /NW-CB-2026 version \d+ in words/ }).waitFor();
    const form = page.getByRole('form', { name: 'Create a scenario' });
    await form.getByLabel('Name').fill('Top tier at 4 %');
    await form.getByLabel('Component id').fill('loan_commission');
    await form.getByLabel('Tier (1 = the first)').fill('3');
    await form.getByLabel('New rate (a fraction: 0.03 = 3 %)').fill('0.04');
    await form.getByRole('button', { name: 'Create the scenario' }).click();
    await page.getByRole('heading', { name: 'Top tier at 4 %', level: 1 }).waitFor();

    // The total cost rises, and the pay curve shows the scenario's dots and its designed line over the base's.
    await page.getByText('Tier 3 of Loan commission pays 4% instead of').waitFor();
    const costRow = page.getByRole('row', { name: /^Total incentive cost/ });
    const [base, scenario] = [amount(await textOf(costRow.getByRole('cell').nth(0))), amount(await textOf(costRow.getByRole('cell').nth(1)))];
    expect(scenario).toBeGreaterThan(base);
    const curve = page.locator('figure.pay-curve').first();
    expect(await curve.locator('circle.scenario').count()).toBeGreaterThan(100);
    expect(await curve.locator('polyline.designed-base').getAttribute('points')).not.toBe(
      await curve.locator('polyline.designed-scenario').getAttribute('points'),
    );
    const scenarioUrl = page.url();

    // Compared with the base on the compare page.
    await goto(page, `${portal.url}/projects/1/modeling`);
    const compare = page.getByRole('form', { name: 'Compare scenarios' });
    await compare.getByLabel('Top tier at 4 %').check();
    await compare.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: 'Compare scenarios', level: 1 }).waitFor();
    const compared = page.getByRole('row', { name: /^Total incentive cost/ });
    const cells = compared.getByRole('cell');
    expect(amount((await textOf(cells.nth(1))).split('(')[0]!)).toBe(scenario);
    expect(amount(await textOf(cells.nth(0)))).toBe(base);
    await page.getByRole('heading', { name: /Who gains and who loses under Top tier at 4 %/ }).waitFor();

    // A sweep of the top tier's rate, its progress shown while the steps come in.
    await goto(page, scenarioUrl);
    await page.getByLabel('Vary', { exact: true }).selectOption('tier_rate:loan_commission:2');
    await page.getByLabel('From', { exact: true }).fill('0.03');
    await page.getByLabel('To', { exact: true }).fill('0.06');
    await page.getByLabel('Steps', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Run the sweep' }).click();
    const progress = page.getByRole('progressbar', { name: 'Sweep steps computed' });
    await progress.waitFor();
    await page.getByRole('status').filter({ hasText: '7 of 7 steps computed' }).waitFor({ timeout: 60_000 });
    expect(await progress.getAttribute('value')).toBe('7');
    const steps = page.getByRole('table', { name: /The sweep’s steps/ }).getByRole('row');
    expect(await steps.count()).toBe(8);
    const first = amount(await textOf(steps.nth(1).getByRole('cell').nth(0)));
    const last = amount(await textOf(steps.nth(7).getByRole('cell').nth(0)));
    expect(last).toBeGreaterThan(first);

    // Promoted to a draft of the plan.
    await page.getByRole('button', { name: 'Promote to a draft of NW-CB-2026' }).click();
    await page.getByText(/From scenario “Top tier at 4 %”/).waitFor();
    expect(page.url()).toMatch(/\/plans\/\d+\/versions\/\d+$/);
    expect(errors).toEqual([]);
  });
});
