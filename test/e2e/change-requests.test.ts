/**
 * Issue 14 over HTTP: the change requests and the schedule read as a person expects (Northwind's
 * seeded CR-001 moved UAT sign-off by 10 days against baseline 1), a raise form refused next to
 * its fields, and a decision signed with a wrong password refused with nothing signed.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('change requests and the schedule', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('a viewer reads the change requests, CR-001 with its impact and signature, and the schedule’s slip against the baseline', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const list = text(await (await viewer.get('/projects/1/changes')).text());
    expect(list).toMatch(/CR-001 Quarterly deposits SPIF for relationship managers Approved/);
    expect(list).toMatch(/CR-002 Clawback report for cancelled loans Impact assessed/);
    expect(list).not.toContain('Raise a change request');
    const cr1 = one("SELECT id FROM change_requests WHERE key = 'CR-001'").id;
    const page = text(await (await viewer.get(`/projects/1/changes/${cr1}`)).text());
    expect(page).toContain('UAT sign-off: +10 day(s)');
    expect(page).toMatch(/Approved by [^:]+ on 2026-10-09/);
    expect(page).toContain('approved as business owner');
    expect(page).not.toContain('Approve and sign');
    const schedule = text(await (await viewer.get('/projects/1/schedule')).text());
    expect(schedule).toMatch(/Baseline 1 \(After the Scope gate/);
    expect(schedule).toMatch(/Milestone: UAT sign-off \d{4}-\d{2}-\d{2} \d{4}-\d{2}-\d{2} \+10 day\(s\) CR-001 \(\+10 d/);
    expect(schedule).not.toContain('Take baseline');
    // The project's timeline shows the slip too: the milestone where it is now and where the baseline had it.
    const project = await (await viewer.get('/projects/1')).text();
    expect(text(project)).toContain('UAT sign-off: +10 day(s) against the baseline');
    expect(project).toMatch(/class="milestone baseline" title="UAT sign-off: baseline \d{4}-\d{2}-\d{2}"/);
    // and the status rules read the slip and the waiting change with the other live figures
    expect(text(project)).toMatch(/Status amber Milestones past their due date: 1 milestone \(Build complete, due 2026-10-29\)\./);
    expect(text(project)).toMatch(/Largest milestone slip against the schedule baseline 10 days \(UAT sign-off, /);
    expect(text(project)).toMatch(/Change requests waiting for a decision 1 request \(CR-002\)/);
  });

  it('a raise form with nothing in it is refused next to its fields; a wrong password signs nothing', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const count = () => Number(one('SELECT count(*) AS n FROM change_requests').n);
    const before = count();
    const raised = await pm.post('/projects/1/changes', { title: '', description: '', deciderId: '' });
    expect(raised.status).toBe(400);
    const html = await raised.text();
    expect(html).toMatch(/class="field-error">Give the change a title/);
    expect(html).toMatch(/class="field-error">Choose who decides it/);
    expect(count()).toBe(before);

    const sponsor = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    const cr2 = one("SELECT id FROM change_requests WHERE key = 'CR-002'").id;
    const page = await (await sponsor.get(`/projects/1/changes/${cr2}`)).text();
    expect(text(page)).toContain('Approve and sign');
    const fingerprint = /name="fingerprint" value="([0-9a-f]{64})"/.exec(page)![1]!;
    const signed = () => Number(one('SELECT count(*) AS n FROM signatures').n);
    const signatures = signed();
    const wrong = await sponsor.post(`/projects/1/changes/${cr2}`, {
      intent: 'approve',
      password: 'not it',
      meaning: 'approved as business owner',
      fingerprint,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/Wrong password/);
    expect(signed()).toBe(signatures);
    const right = await sponsor.post(`/projects/1/changes/${cr2}`, {
      intent: 'approve',
      password: demoPassword,
      meaning: 'approved as business owner',
      fingerprint,
    });
    expect(right.status).toBe(200);
    expect(signed()).toBe(signatures + 1);
  });
});
