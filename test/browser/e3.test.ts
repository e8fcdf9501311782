/**
 * Issue 17, acceptance 5 (E3), in Chromium: on Contoso, whose seeded cycle already has a signed baseline,
 * the PM starts a second cycle (a new baseline, the honest way to establish one again), picks its
 * periods and a KPI with a target and tolerance; the sponsor signs it; the PM runs a review of 2026-Q3
 * that shows disputes worse than their tolerance, records the finding; the sponsor signs the review;
 * the PM turns the finding into a change request linked back to it. The forms only an establishing cycle
 * or a review in progress shows are checked with axe on the way (the walk sees the seeded, signed state).
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { seriousViolations } from '../support/axe';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('an E3 cycle in the browser', () => {
  const session = useBrowserPortal();

  it('establish a baseline -> sponsor signs -> review shows a KPI worse than tolerance -> finding -> change request', async () => {
    const { portal } = session;
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4(00|22)/.test(m.text())) errors.push(m.text());
    });
    page.on('dialog', (d) => void d.accept());
    const optimization = `${portal.url}/projects/2/optimization`;

    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/2`);
    await page.getByRole('navigation').getByRole('link', { name: 'Optimization' }).click();
    await page.getByRole('heading', { name: 'Optimization (E3)' }).waitFor();
    await page.getByText('Start a new cycle (a new baseline)').click();
    const start = page.getByRole('form', { name: 'Start an E3 cycle' });
    await start.getByLabel(/^Sponsor/).selectOption({ label: 'Sam Okafor' });
    await start.getByRole('button', { name: 'Start the cycle' }).click();
    await page.getByText('Cycle started').waitFor();

    // Establish: four quarters and the dispute rate, target 6 per 100 participants, ± 2.
    await page.getByRole('link', { name: 'Baseline', exact: true }).click();
    await page.getByRole('heading', { name: 'Baseline of cycle 2' }).waitFor();
    const choose = page.getByRole('form', { name: 'Choose the baseline' });
    expect(await seriousViolations(page)).toEqual([]);
    for (const q of ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3']) await choose.getByRole('checkbox', { name: q }).check();
    await choose.getByRole('checkbox', { name: /^Disputes per 100 participants/ }).check();
    await choose.getByLabel('Target for Disputes per 100 participants').fill('6');
    await choose.getByLabel('Tolerance for Disputes per 100 participants').fill('2');
    await choose.getByRole('button', { name: 'Save the baseline for signature' }).click();
    await page.getByText('Baseline chosen').waitFor();
    await signOut(page);

    // The sponsor signs it: frozen.
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await goto(page, `${optimization}/baseline`);
    const sign = page.getByRole('form', { name: 'Sign the baseline' });
    expect(await seriousViolations(page)).toEqual([]);
    await sign.getByLabel('Meaning of your signature').selectOption('approved as business owner');
    await sign.getByLabel('Your password (to sign)').fill(demoPassword);
    await sign.getByRole('button', { name: 'Sign the baseline' }).click();
    await page.getByText('Baseline signed: its values are frozen.').waitFor();
    await page.getByRole('heading', { name: 'Frozen baseline' }).waitFor();
    await signOut(page);

    // Evaluate: the PM reviews 2026-Q3; disputes are worse than the target by more than the tolerance.
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, optimization);
    const review = page.getByRole('form', { name: 'Start a review' });
    await review.getByRole('checkbox', { name: '2026-Q3' }).check();
    await review.getByRole('button', { name: 'Start the review' }).click();
    await page.getByText('Review started').waitFor();
    await page.getByRole('link', { name: 'Review 1' }).click();
    await page.getByRole('heading', { name: 'Review 1 of cycle 2' }).waitFor();
    const row = page.getByRole('row', { name: /Disputes per 100 participants/ });
    expect(await row.textContent()).toContain('22.50');
    expect(await row.getByText('Worse').count()).toBe(2);
    const finding = page.getByRole('form', { name: 'Record a finding' });
    expect(await seriousViolations(page)).toEqual([]);
    await finding.getByLabel('KPI').selectOption({ label: 'Disputes per 100 participants' });
    await finding.getByLabel('What the review found').fill('Disputes tripled: split credit on shared accounts is not in the crediting rules.');
    await finding.getByRole('button', { name: 'Record the finding' }).click();
    await page.getByText('Finding recorded with its evidence.').waitFor();
    const reviewUrl = page.url();
    await signOut(page);

    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await goto(page, reviewUrl);
    const signReview = page.getByRole('form', { name: 'Sign the review' });
    await signReview.getByLabel('Meaning of your signature').selectOption('approved as business owner');
    await signReview.getByLabel('Your password (to sign)').fill(demoPassword);
    await signReview.getByRole('button', { name: 'Sign the review' }).click();
    await page.getByText('Review signed.').waitFor();
    await signOut(page);

    // Evolve: the finding becomes a change request, linked both ways.
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, reviewUrl);
    const change = page.getByRole('form', { name: 'Turn finding 1 into a change' });
    await change.getByLabel('Title of the change for finding 1').fill('Crediting rule for split credit');
    await change.getByRole('button', { name: 'Turn into a change request' }).click();
    await page.getByText(/Change request CR-002 raised from the finding/).waitFor();
    await page.getByRole('link', { name: 'CR-002' }).click();
    await page.getByRole('heading', { name: /CR-002 Crediting rule for split credit/ }).waitFor();
    expect(await page.getByText(/From E3 cycle 2, review 1, finding 1 \(Disputes per 100 participants: 22.50/).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
