/**
 * Issue 16, values that read for people on the payout case and the audit trails: a case names its
 * participants (from its dataset) and shows money one way (4,800.00, as its trace does); its breadcrumb
 * names the cycle and the case; audit rows show action labels and states in words and link to what they
 * are about; an administrator browses every project's audit rows, filtered and paged; nobody else can.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('readable values: payout case and audit trails', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('a payout case names its participants and shows amounts with thousands separators, as its trace does; its breadcrumb names cycle and case', async () => {
    const c = one(
      "SELECT c.id, c.project_id AS projectId, c.key, c.title, y.name AS cycle FROM test_cases c JOIN test_cycles y ON y.id = c.cycle_id WHERE c.key = 'TC-006'",
    );
    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    const html = await (await tester.get(`/projects/${c.projectId}/testing/cases/${c.id}`)).text();
    const words = text(html);
    // B1 and B2 by the names TC-006's participants file gives them, the id beside each name.
    expect(words).toMatch(/Avery Lee \(B1\) loan_commission 12,500\.00 12,500\.00 0\.00/);
    expect(words).toContain('Bo Svensson (B2)');
    // The table's amounts and the trace's read alike.
    expect(words).toMatch(/Bo Svensson \(B2\) loan_commission 4,800\.00 4,500\.00 -300\.00/);
    expect(words).toContain('= 4,500.00');
    expect(words).toContain(`Testing / ${c.cycle} / ${c.key} ${c.title}`);
  });

  it('a parallel run names the people on its lines; a participant’s page names them too, amounts in the one format', async () => {
    const run = one("SELECT id, project_id AS projectId FROM parallel_runs WHERE name = 'Q3 parallel run'");
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const page = text(await (await pm.get(`/projects/${run.projectId}/parallel-runs/${run.id}`)).text());
    expect(page).toMatch(/B6 Farah Haddad loan_commission/);
    const trace = text(await (await pm.get(`/projects/${run.projectId}/parallel-runs/${run.id}/participants/B6`)).text());
    expect(trace).toContain('Farah Haddad in Q3 parallel run (B6)');
    expect(trace).toMatch(/Variance -17,500\.00/);
  });

  it('a project audit trail shows labels and states in words, and links each row to its item', async () => {
    const gate = one(
      "SELECT id, project_id AS projectId FROM phases WHERE id = (SELECT CAST(subject_id AS INTEGER) FROM audit_log WHERE action = 'gate.signed' LIMIT 1)",
    );
    const defect = one("SELECT d.id, d.project_id AS projectId FROM defects d WHERE d.key = 'DEF-001' AND d.project_id = 1");
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const html = await (await pm.get(`/projects/${gate.projectId}/audit?action=gate.signed`)).text();
    const words = text(html);
    expect(words).toContain('Gate signed');
    expect(words).not.toContain('gate.signed ');
    expect(words).toContain('In gate review → Approved');
    expect(words).not.toMatch(/inReview|sentBack/);
    expect(html).toContain(`href="/projects/${gate.projectId}/phases/${gate.id}"`);
    // One bar of filters: the grid adds no second one.
    expect(html.match(/aria-label="Audit filters"/g)).toHaveLength(1);
    expect(html).not.toContain('Type to filter rows');

    const defects = await (await pm.get(`/projects/${defect.projectId}/audit?kind=defect`)).text();
    expect(text(defects)).toContain('Defect logged');
    expect(defects).toContain(`href="/projects/${defect.projectId}/defects/${defect.id}"`);
    const plans = await (await pm.get(`/projects/${defect.projectId}/audit?action=plan.published`)).text();
    expect(plans).toMatch(new RegExp(`href="/projects/${defect.projectId}/plans/\\d+/versions/1"`));
  });

  it('the admin browses every project’s audit rows: filtered by project and action, newest first, paged and linked', async () => {
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    const all = text(await (await admin.get('/admin/audit')).text());
    const total = Number(one('SELECT count(*) AS n FROM audit_log').n);
    expect(all).toContain(`Audit trail of the portal (${total})`);
    expect(all).toMatch(/Page 1 of \d+/);

    const northwind = one("SELECT id, name FROM projects WHERE name LIKE 'Northwind%'");
    const expected = Number(one(`SELECT count(*) AS n FROM audit_log WHERE project_id = ${northwind.id} AND action = 'deliverable.accepted'`).n);
    expect(expected).toBeGreaterThan(0);
    const html = await (await admin.get(`/admin/audit?project=${northwind.id}&action=deliverable.accepted`)).text();
    const words = text(html);
    expect(words).toContain(`Audit trail of the portal (${expected})`);
    const rows = html.split('<tr').slice(2);
    expect(rows).toHaveLength(expected);
    for (const row of rows) {
      expect(text(`<tr${row}`)).toContain(`${northwind.name}`);
      expect(text(`<tr${row}`)).toContain('Deliverable accepted');
      expect(row).toMatch(new RegExp(`href="/projects/${northwind.id}/deliverables/\\d+"`));
    }
    // Newest first: the row ids fall.
    const times = [...html.matchAll(/dateTime="([^"]+)"/g)].map((m) => m[1]!);
    expect([...times].sort().reverse()).toEqual(times);

    const people = await (await admin.get('/admin/audit?kind=user&action=user.created')).text();
    expect(people).toMatch(/href="\/admin\/people\/\d+"/);
    // A date range that holds nothing.
    expect(text(await (await admin.get('/admin/audit?from=1990-01-01&to=1990-12-31')).text())).toContain('No audit entries match these filters.');
  });

  it('no one but an administrator reads the global audit', async () => {
    for (const email of ['pm@demo.test', 'stakeholder@demo.test', 'tester@demo.test', 'vendor@demo.test', 'viewer@demo.test']) {
      const res = await (await signIn(portal, email, demoPassword)).get('/admin/audit?project=1');
      expect([403, 404], `${email}: ${res.status}`).toContain(res.status);
    }
  });
});
