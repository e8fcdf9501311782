/**
 * Issue 18, acceptance 4, in Chromium: on a new SALE project, the PM sets a selection up (two candidates,
 * weights summing to 100), the sponsor signs the criteria lock, the PM opens scoring, two evaluators
 * score blind and submit, the sponsor signs the decision over the results, and the Scope gate shows
 * "Platform selected: a selection decided and signed by the sponsor" met. (Northwind's own Scope gate passed in the seed.)
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { phases, users } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { toActor } from '~/workflows/auth/actor';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { createProject } from '~/workflows/commands/create-project';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';

describe('a platform selection, from the lock to the decision, in the browser', () => {
  const session = useBrowserPortal();

  /** A new SALE project with a sponsor and two evaluators, made through the commands on the portal's database. */
  function newProject() {
    const db = openDatabase(session.portal.dbPath);
    try {
      const actor = (email: string) => toActor(db.select().from(users).where(eq(users.email, email)).get()!);
      const now = new Date('2026-11-30T09:00:00Z');
      const pm = actor('pm@demo.test');
      const project = createProject(
        { db, actor: actor('admin@demo.test'), now },
        { name: 'Tailspin ICM', client: 'Tailspin', methodologyKey: 'SALE', startDate: '2026-11-30', targetDate: '2027-09-30', pmUserId: pm.id },
      );
      for (const [email, role, fn] of [
        ['stakeholder@demo.test', 'stakeholder', 'business_owner'],
        ['finance@demo.test', 'stakeholder', 'finance'],
        ['analyst@demo.test', 'analyst', 'compensation'],
      ] as const)
        addProjectMember({ db, actor: pm, now }, { projectId: project.id, userId: actor(email).id, role, function: fn });
      const scope = db
        .select()
        .from(phases)
        .where(and(eq(phases.projectId, project.id), eq(phases.key, 'scope')))
        .get()!;
      return { projectId: project.id, scopeId: scope.id };
    } finally {
      db.$client.close();
    }
  }

  it('the sponsor locks the criteria, two evaluators score, the sponsor signs the decision, the Scope gate criterion is met', { timeout: 60_000 }, async () => {
    const { page, portal, errors } = session;
    page.on('dialog', (d) => d.accept());
    const { projectId, scopeId } = newProject();
    const base = `${portal.url}/projects/${projectId}`;

    // The Scope gate's platform criterion is computed, and not met yet.
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, `${base}/phases/${scopeId}`);
    const platform = page.getByRole('listitem').filter({ hasText: 'Platform selected: a selection decided and signed by the sponsor' });
    expect(await platform.locator('.badge').first().textContent()).toBe('not met');

    // The PM starts the selection from the project's navigation and sets it up.
    await page.getByRole('link', { name: 'Selection', exact: true }).click();
    await page.locator('h1', { hasText: 'Platform selection' }).waitFor();
    await page.getByText('No platform selection yet.').waitFor();
    await page.getByText('Start a platform selection').click();
    await page.getByLabel('Title').fill('ICM platform for Tailspin');
    await page.getByLabel('Sponsor (signs the lock and the decision)').selectOption({ label: 'Sam Okafor' });
    await page.getByLabel('Ana Moreno (analyst)').check();
    await page.getByLabel('Fiona Lindqvist (stakeholder)').check();
    await page.getByRole('button', { name: 'Start the selection' }).click();
    await page.locator('h1', { hasText: 'ICM platform for Tailspin' }).waitFor();
    for (const [vendor, product] of [
      ['Meridian Software', 'Meridian Incentives'],
      ['Tallyworks', 'Tallyworks Comp Cloud'],
    ] as const) {
      await page.getByLabel('Vendor', { exact: true }).fill(vendor);
      await page.getByLabel('Product', { exact: true }).fill(product);
      await page.getByRole('button', { name: 'Add the candidate' }).click();
      await page.getByRole('cell', { name: product, exact: true }).waitFor();
    }
    for (const [name, weight] of [
      ['Plan mechanics', '60'],
      ['Bank references', '40'],
    ] as const) {
      await page.getByLabel('Criterion', { exact: true }).fill(name);
      await page.getByLabel('Weight', { exact: true }).fill(weight);
      await page.getByRole('button', { name: 'Add the criterion' }).click();
      await page.getByRole('cell', { name, exact: true }).waitFor();
    }
    await page.getByText('sums to 100', { exact: true }).waitFor();
    // The PM is offered no lock: the sponsor signs it.
    expect(await page.getByRole('button', { name: 'Lock and sign' }).count()).toBe(0);
    const selectionUrl = page.url();
    await signOut(page);

    // The sponsor signs the lock.
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await goto(page, selectionUrl);
    await page.getByLabel('Meaning of your signature').selectOption('approved as business owner');
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Lock and sign' }).click();
    await page.getByText('Criteria locked and signed: the weights no longer move.').waitFor();
    await signOut(page);

    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, selectionUrl);
    await page.getByRole('button', { name: 'Open scoring' }).click();
    await page.getByText('Scoring is open').waitFor();
    await signOut(page);

    // Two evaluators score on their own sheets; the first finds no results until she submits.
    for (const [email, scores] of [
      ['analyst@demo.test', ['5', '4', '3', '3']],
      ['finance@demo.test', ['4', '4', '4', '2']],
    ] as const) {
      await signInAs(page, portal.url, email, demoPassword);
      const res = await page.goto(`${selectionUrl}/results`);
      expect(res?.status()).toBe(404);
      await goto(page, `${selectionUrl}/scores`);
      const cells = [
        ['Meridian Incentives (Meridian Software)', 'Plan mechanics'],
        ['Meridian Incentives (Meridian Software)', 'Bank references'],
        ['Tallyworks Comp Cloud (Tallyworks)', 'Plan mechanics'],
        ['Tallyworks Comp Cloud (Tallyworks)', 'Bank references'],
      ];
      for (const [i, [candidate, criterion]] of cells.entries()) {
        await page.getByLabel(`Score of ${candidate} on ${criterion}`).selectOption(scores[i]!);
        await page.getByLabel(`Comment on ${candidate}, ${criterion}`).fill(`Seen in the demonstration (${email}).`);
      }
      await page.getByRole('button', { name: 'Submit my sheet' }).click();
      await page.getByText('Your score sheet is submitted.').waitFor();
      await signOut(page);
    }

    // The sponsor reads the results and signs the decision.
    await signInAs(page, portal.url, 'stakeholder@demo.test', demoPassword);
    await goto(page, `${selectionUrl}/results`);
    await page.getByText('Counted: Ana Moreno, Fiona Lindqvist').waitFor();
    // Meridian scores higher on both criteria: no weighting could swap the top two.
    await page
      .getByText(
        /Meridian Incentives \(Meridian Software\) leads Tallyworks Comp Cloud \(Tallyworks\) by 1\.200 points\. No change of a single weight makes them tie\./,
      )
      .waitFor();
    await page.getByLabel('Platform selected').selectOption({ label: 'Meridian Incentives (Meridian Software)' });
    await page.getByLabel('Meaning of your signature').selectOption('approved as business owner');
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign the decision' }).click();
    await page.getByText('Decision signed.').waitFor();

    // The Scope gate shows the criterion met.
    await goto(page, `${base}/phases/${scopeId}`);
    expect(await platform.locator('.badge').first().textContent()).toBe('met');
    // The only resource errors are the two results pages refused to the evaluators before they submitted.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 404/.test(e))).toHaveLength(2);
  });
});
