/**
 * Issue 17, acceptance 5 (recovery), in Chromium: on Fabrikam the PM completes the assessment (the two
 * areas left, the accomplishments and causes, the presentation), writes a corrective plan (a milestone
 * moved, the plan saved as a new baseline and compared with the original), and the sponsor accepts it
 * with a signature.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('project recovery in the browser', () => {
  const session = useBrowserPortal();

  it('assessment -> presentation -> corrective plan as a baseline -> the sponsor accepts it', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/3`);
    await page.getByRole('navigation', { name: /areas/ }).getByRole('link', { name: 'Recovery' }).click();
    await page.getByRole('heading', { name: /Recovery assessment/, level: 1 }).waitFor();
    // The evidence beside the ratings comes from Fabrikam's own data.
    expect(await page.getByRole('region', { name: /^Scope/ }).textContent()).toContain('Requirements not signed off: 4');
    expect(await page.getByRole('region', { name: /^Testing/ }).textContent()).toContain('Lapsed policies are never clawed back');

    for (const [area, rating, findings] of [
      ['Vendor delivery', 'At risk', 'The previous integrator left; nobody delivers configuration now.'],
      ['Data', 'In jeopardy', 'Policy admin extracts arrive late and incomplete every month.'],
    ] as const) {
      const form = page.getByRole('form', { name: `Rate ${area}` });
      await form.getByLabel(`Rating of ${area.toLowerCase()}`).selectOption({ label: rating });
      await form.getByLabel(`Findings on ${area.toLowerCase()}`).fill(findings);
      await form.getByRole('button', { name: 'Rate' }).click();
      await page.getByRole('region', { name: new RegExp(`^${area} ${rating}`) }).waitFor();
    }
    const summary = page.getByRole('form', { name: 'Accomplishments and causes' });
    await summary.getByLabel('Accomplishments to date (one per line)').fill('Plans designed with the business\nAgency hierarchy loaded');
    await summary.getByLabel('Causes of the trouble (one per line)').fill('No test lead\nScope never signed by the client');
    await summary.getByRole('button', { name: 'Record them' }).click();
    await page.getByText('Accomplishments and causes recorded.').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Present to leadership' }).click();
    await page
      .getByText(/Presented to leadership on/)
      .first()
      .waitFor();

    // The corrective plan: a milestone moved, then the plan saved as a new schedule baseline.
    await page.getByRole('navigation', { name: 'Recovery' }).getByRole('link', { name: 'Corrective plan' }).click();
    const move = page.getByRole('form', { name: 'Move Plan accepted' });
    await move.getByLabel('Plan accepted: due').fill('2026-12-18');
    await move.getByLabel('Plan accepted: reason for a move later').fill('The assessment took two more weeks.');
    await move.getByRole('button', { name: 'Move Plan accepted' }).click();
    await page.getByText('Milestone moved.', { exact: false }).waitFor();
    const save = page.getByRole('form', { name: 'Save the corrective plan' });
    await save.getByLabel('Corrective actions').fill('Add a test lead; the business owner signs the scope by mid-December.');
    await save.getByLabel(/Who does what from now on/).fill('Tomas Berg: test lead for UAT\nSam Okafor: signs every requirement');
    page.once('dialog', (d) => void d.accept());
    await save.getByRole('button', { name: 'Save as the new baseline' }).click();
    await page.getByRole('heading', { name: /Revision 1, schedule baseline 2/ }).waitFor();
    const slip = page.getByRole('row', { name: /^Plan accepted/ });
    expect(await slip.textContent()).toContain('+14');
    expect(await page.getByRole('row', { name: /Tomas Berg/ }).textContent()).toContain('test lead for UAT');
    await signOut(page);

    // The sponsor accepts it, signing with password and meaning.
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/3/recovery/plan`);
    const accept = page.getByRole('form', { name: 'Accept the corrective plan' });
    await accept.getByLabel('Meaning of your signature').selectOption('approved as business owner');
    await accept.getByLabel('Your password (to sign)').fill(demoPassword);
    await accept.getByRole('button', { name: 'Accept and sign' }).click();
    await page.getByText(/Accepted by Sam Okafor on .*signed over revision 1/).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Corrective plan accepted');
    expect(errors).toEqual([]);
  });
});
