/**
 * Issue 16, My work over HTTP: the demo PM, whose projects have overdue milestones, is shown what is
 * late (not "Nothing waits on you") and the gate review they wait on, naming the approvers and since
 * when; the remind form (a plain POST, no script) notifies them once, and a second press within the day
 * is refused saying when the last reminder went.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('My work: late on my projects, waiting on others, remind', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('the PM sees the late milestone and the review waiting on named approvers, and reminds them once', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const html = await (await pm.get('/')).text();
    const page = text(html);
    expect(page).not.toContain('Nothing waits on you');
    // Late on my projects: the overdue Northwind milestone with its due date and days late, linked to the schedule.
    expect(page).toContain('Late on your projects');
    expect(page).toMatch(/Milestone Build complete · Northwind Bank ICM implementation due 2026-10-29 ?, 32 days late/);
    const northwind = one("SELECT id FROM projects WHERE name = 'Northwind Bank ICM implementation'").id;
    expect(html).toContain(`href="/projects/${northwind}/schedule"`);
    // Waiting on others: the Fabrikam Assess review, the approvers by name, since the request.
    expect(page).toContain('Waiting on others');
    expect(page).toMatch(/Assess gate review · Fabrikam Insurance recovery Waiting on Sam Okafor, Fiona Lindqvist since 2026-11-20 \(10 days\)/);
    // The button says whom it reminds about what.
    expect(html).toContain('aria-label="Remind Sam Okafor, Fiona Lindqvist about Assess gate review (Fabrikam Insurance recovery)"');
    // The sections answer "what do I do now" first: what waits on me, what is late, then what I wait on.
    expect(page.indexOf('Waiting on you')).toBeLessThan(page.indexOf('Late on your projects'));
    expect(page.indexOf('Late on your projects')).toBeLessThan(page.indexOf('Waiting on others'));

    const fabrikam = one("SELECT id FROM projects WHERE name = 'Fabrikam Insurance recovery'").id;
    const assess = one(`SELECT id FROM phases WHERE project_id = ${fabrikam} AND key = 'assess'`).id;
    const reminders = () => one("SELECT count(*) AS n FROM notifications WHERE title LIKE 'Reminder from Paula Prakash:%'").n;
    const mails = () => one("SELECT count(*) AS n FROM mail_outbox WHERE subject LIKE '[SPM Portal] Reminder from Paula Prakash:%'").n;
    const audited = () => one("SELECT count(*) AS n FROM audit_log WHERE action = 'reminder.sent'").n;

    const res = await pm.post('/?index', { intent: 'remind', kind: 'gate', id: String(assess) });
    expect(res.status).toBe(200);
    expect(text(await res.text())).toContain('Reminded Sam Okafor, Fiona Lindqvist.');
    expect([reminders(), mails(), audited()]).toEqual([2, 2, 1]);
    const names = one(
      `SELECT group_concat(u.name, ', ') AS names FROM (SELECT u.name FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.title LIKE 'Reminder from Paula Prakash:%' ORDER BY u.name) u`,
    ).names;
    expect(names).toBe('Fiona Lindqvist, Sam Okafor');
    // The row says when it was reminded.
    const after = await (await pm.get('/')).text();
    expect(text(after)).toMatch(/Fiona Lindqvist since 2026-11-20 \(10 days\) · Reminded 2026-11-30 \d\d:\d\d UTC/);
    // Within the window the page offers no button for it, and says when one may go again.
    expect(text(after)).toMatch(/You can remind them again after 2026-12-01 \d\d:\d\d UTC/);
    expect(after).not.toContain('aria-label="Remind Sam Okafor, Fiona Lindqvist about Assess gate review');

    // Pressed again: refused, saying when the last reminder went; nobody is told twice.
    const again = await pm.post('/?index', { intent: 'remind', kind: 'gate', id: String(assess) });
    expect(again.status).toBe(422);
    expect(text(await again.text())).toMatch(/You already reminded them on 2026-11-30 \d\d:\d\d UTC/);
    expect([reminders(), mails(), audited()]).toEqual([2, 2, 1]);

    // Someone who does not wait on it may not remind: 403, nothing written.
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    expect((await analyst.post('/?index', { intent: 'remind', kind: 'gate', id: String(assess) })).status).toBe(403);
    expect(audited()).toBe(1);
  });

  it('once nothing waits on the PM, the page still does not say so while things are late: it points to the late list', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    // The PM's one item of their own (a releasable payment milestone) is released through its page.
    const northwind = one("SELECT id FROM projects WHERE name = 'Northwind Bank ICM implementation'").id;
    const milestone = one("SELECT id FROM payment_milestones WHERE name = 'Design and configuration of the commercial banker plan'").id;
    expect((await pm.post(`/projects/${northwind}/vendors`, { intent: 'release', milestoneId: String(milestone) })).status).toBe(200);
    const page = text(await (await pm.get('/')).text());
    expect(page).not.toContain('Nothing waits on you');
    expect(page).toMatch(/No signature or review waits on you, but \d+ items are late on your projects: see Late on your projects\./);
  });

  it('a stakeholder with work to sign and nothing to manage is not shown a late list', async () => {
    const stakeholder = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    const page = text(await (await stakeholder.get('/')).text());
    expect(page).toContain('Waiting on you');
    expect(page).not.toContain('Late on your projects');
    expect(page).not.toContain('Waiting on others');
  });
});
