import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { demoPassword } from '~/seeds/demo';
import { editPayoutCase } from '~/workflows/commands/edit-payout-case';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { goto, signInAs, signOut, useBrowserPortal } from '../support/browser';

/** The portal's ids for the walk-through: Northwind, and DLV-006 (the syndicated-loan crediting rules, in progress). */
function idsOf(dbPath: string) {
  const db = openDatabase(dbPath);
  try {
    const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
    const project = one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
    const deliverable = one<{ id: number }>("SELECT id FROM deliverables WHERE project_id = ? AND key = 'DLV-006'", project).id;
    return { project, deliverable };
  } finally {
    db.$client.close();
  }
}

/**
 * The fix the vendor waits on: the tester corrects the syndicated-split case, whose expected specialist
 * figure was copied from the legacy spreadsheet, and runs it again (it passes), through the tester's own
 * commands, as test/browser/plan-edit-approve.test.ts does.
 */
function testerFixesTheSplitCase(dbPath: string) {
  const db = openDatabase(dbPath);
  try {
    const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
    const project = one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
    const c = one<{
      id: number;
      version: number;
      title: string;
      plan_id: number;
      period: string;
      participants_csv: string;
      quotas_csv: string;
      transactions_csv: string;
    }>("SELECT * FROM test_cases WHERE title LIKE 'Syndicated loan split%'");
    const tester = one<{ id: number; name: string }>("SELECT id, name FROM users WHERE email = 'tester@demo.test'");
    const ctx = { db, actor: { id: tester.id, name: tester.name, isAdmin: false, vendorFirmId: null } };
    editPayoutCase(ctx, {
      projectId: project,
      caseId: c.id,
      baseVersion: c.version,
      title: c.title,
      planId: c.plan_id,
      period: c.period,
      participantsCsv: c.participants_csv,
      quotasCsv: c.quotas_csv,
      transactionsCsv: c.transactions_csv,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,12500.00\nB2,loan_commission,4500.00\n',
    });
    runTestCase(ctx, { projectId: project, caseId: c.id });
  } finally {
    db.$client.close();
  }
}

describe('a vendor deliverable accepted against its evidence, in the browser', () => {
  const session = useBrowserPortal();

  it('the vendor submits; the reviewer rejects naming the failing payout case; after the fix the vendor resubmits; the reviewer accepts with a signature', async () => {
    const { page, portal, errors } = session;
    const ids = idsOf(portal.dbPath);
    const deliverableUrl = `${portal.url}/projects/${ids.project}/deliverables/${ids.deliverable}`;
    /** The state badge once the page has reloaded its data after a post. */
    const stateIs = (label: string) =>
      page
        .getByTestId('deliverable-state')
        .filter({ hasText: new RegExp(`^${label}$`) })
        .waitFor();

    // The vendor finds the deliverable on the vendors page, linked from the project, and submits it.
    await signInAs(page, portal.url, 'vendor@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/${ids.project}`);
    await page.getByRole('link', { name: 'Vendors', exact: true }).click();
    await page.locator('h1', { hasText: 'Vendors' }).waitFor();
    await page.getByRole('link', { name: 'DLV-006' }).click();
    await page.locator('h1', { hasText: 'DLV-006 Syndicated loan crediting rules' }).waitFor();
    await stateIs('In progress');
    // A note too short is refused next to its field.
    await page.getByLabel('What is delivered').fill('ok');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText('Say what is delivered (at least 5 characters).').waitFor();
    await page.getByLabel('What is delivered').fill('Crediting rules for syndicated loans, as configured');
    await page.getByLabel('Evidence references (documents, builds, links)').fill('SharePoint: NW/Crediting-rules.docx');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText('Submitted to the client reviewer.').waitFor();
    await stateIs('Submitted');
    // The vendor is offered nothing more: never to review or accept.
    expect(await page.getByRole('button', { name: /Accept|Take into review|Reject/ }).count()).toBe(0);
    await signOut(page);

    // The reviewer takes it into review: the split case fails, so she rejects it, naming the case.
    await signInAs(page, portal.url, 'finance@demo.test', demoPassword);
    await goto(page, deliverableUrl);
    await page.getByRole('button', { name: 'Take into review' }).click();
    await page.getByText('Taken into review.').waitFor();
    const criteria = page.getByTestId('criteria');
    await criteria.getByText(/Missing TC-006 Syndicated loan split .* passes: TC-006 failed/).waitFor();
    // Accepting now is refused with the reason.
    await page.getByLabel('Meaning of your signature').selectOption('approved as finance');
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Accept and sign' }).click();
    await page.getByText(/The acceptance criteria do not hold: TC-006/).waitFor();
    // The checklist item holds (ticked); the failing case gets its reason.
    await page.getByLabel('Split rules documented for the service desk holds').check();
    await page.getByLabel(/^Reason: TC-006/).fill('TC-006 fails: the specialist is paid 4,500.00 against 4,800.00 expected.');
    await page.getByRole('button', { name: 'Reject this submission' }).click();
    await page.getByText('Rejected: the vendor sees your reasons.').waitFor();
    await stateIs('Rejected');
    await signOut(page);

    // The tester corrects the case (its expectation came from the legacy spreadsheet) and it passes.
    testerFixesTheSplitCase(portal.dbPath);

    // The vendor reads the reason and resubmits.
    await signInAs(page, portal.url, 'vendor@demo.test', demoPassword);
    await goto(page, deliverableUrl);
    expect(await page.getByTestId('submissions').textContent()).toContain('TC-006 fails: the specialist is paid 4,500.00 against 4,800.00 expected.');
    await page.getByLabel('What is delivered').fill('Resubmitted: TC-006 passes now that its expectation is corrected');
    await page.getByRole('button', { name: 'Resubmit' }).click();
    await page.getByText('Submitted to the client reviewer.').waitFor();
    await stateIs('Submitted');
    await signOut(page);

    // The reviewer accepts with her signature: every criterion holds now.
    await signInAs(page, portal.url, 'finance@demo.test', demoPassword);
    await goto(page, deliverableUrl);
    await page.getByRole('button', { name: 'Take into review' }).click();
    await page.getByText('Taken into review.').waitFor();
    await criteria.getByText(/Met TC-006 Syndicated loan split .* passes: TC-006 passed/).waitFor();
    await page.getByLabel('Split rules documented for the service desk', { exact: true }).check();
    await page.getByLabel('Meaning of your signature').selectOption('approved as finance');
    await page.getByLabel('Your password (to sign)').fill(demoPassword);
    await page.getByRole('button', { name: 'Accept and sign' }).click();
    await page.getByText('Accepted and signed.').waitFor();
    await stateIs('Accepted');
    const submissions = await page.getByTestId('submissions').textContent();
    expect(submissions).toMatch(/Submission 1 by Victor Hale .*rejected by Fiona Lindqvist/);
    expect(submissions).toMatch(/Submission 2 by Victor Hale .*accepted by Fiona Lindqvist/);
    expect(submissions).toMatch(/As accepted: TC-006 .* passes: TC-006 passed \(run #\d+\)/);

    // The scorecard counts the first-pass miss: DLV-002 accepted on its first submission, DLV-006 on its second.
    await page.getByRole('link', { name: 'Vendors' }).first().click();
    await page.getByRole('link', { name: 'Acme ICM Partners scorecard' }).click();
    await page.locator('h1', { hasText: 'Acme ICM Partners: scorecard' }).waitFor();
    const firstPass = await page.getByRole('row', { name: /^First-pass acceptance/ }).textContent();
    expect(firstPass).toContain('50.0 %');
    expect(firstPass).toContain('1 of 2');
    expect(await page.locator('svg title').first().textContent()).toBeTruthy();
    expect(errors).toEqual([]);

    // Every step is in the audit chain: `npm run audit:verify` on the portal's database passes.
    const verified = execFileSync('npx', ['tsx', 'scripts/audit-verify.ts', portal.dbPath], { encoding: 'utf8' });
    expect(verified).toMatch(/^audit chain intact: \d+ rows checked/);
  });
});
