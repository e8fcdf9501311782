/**
 * Issue 16, acceptance 6, over HTTP: the PM moves a milestone. Later needs a reason (refused without
 * one, nothing moved); the move is audited with the dates before and after, shows on the project's
 * timeline (moved from ... with the reason) and on the schedule page beside change requests' moves.
 * Someone without the milestone permission is refused.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('rescheduling a milestone', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('later needs a reason; the move is audited and shows on the timeline and the schedule', async () => {
    const m = one(
      "SELECT m.id, m.project_id AS projectId, m.name, m.due_date AS due FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.name LIKE 'Northwind%' AND m.done_on IS NULL ORDER BY m.due_date LIMIT 1",
    );
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const page = `/projects/${m.projectId}`;
    const later = new Date(Date.parse(`${m.due}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);

    const refused = await pm.post(page, { intent: 'rescheduleMilestone', milestoneId: String(m.id), dueDate: later, reason: '' });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain(`Nothing moved: say why “${m.name}” moves later`);
    expect(one(`SELECT due_date AS d FROM milestones WHERE id = ${m.id}`).d).toBe(m.due);

    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    expect((await tester.post(page, { intent: 'rescheduleMilestone', milestoneId: String(m.id), dueDate: later, reason: 'not mine to move' })).status).toBe(
      403,
    );

    const moved = await pm.post(page, { intent: 'rescheduleMilestone', milestoneId: String(m.id), dueDate: later, reason: 'Vendor data feed two weeks late' });
    expect(moved.status).toBe(200);
    expect(text(await moved.text())).toContain('Moved later by 14 day(s).');
    expect(one(`SELECT due_date AS d FROM milestones WHERE id = ${m.id}`).d).toBe(later);
    const audit = one(`SELECT before, after, detail FROM audit_log WHERE action = 'milestone.rescheduled' AND subject_id = '${m.id}'`);
    expect(JSON.parse(String(audit.before))).toEqual({ dueDate: m.due });
    expect(JSON.parse(String(audit.after))).toMatchObject({ dueDate: later, days: 14, reason: 'Vendor data feed two weeks late' });

    const overview = text(await (await pm.get(page)).text());
    expect(overview).toContain(`${m.name}: moved ${m.due} → ${later} (Vendor data feed two weeks late)`);
    expect(overview).toContain('where the baseline (or, without one, the date before its last move) had it');
    const schedule = text(await (await pm.get(`${page}/schedule`)).text());
    expect(schedule).toContain(`PM: Vendor data feed two weeks late (+14 d, ${m.due} → ${later})`);
    const projectAudit = text(await (await pm.get(`${page}/audit`)).text());
    expect(projectAudit).toContain('Milestone rescheduled by the PM');

    // earlier needs no reason
    const back = await pm.post(page, { intent: 'rescheduleMilestone', milestoneId: String(m.id), dueDate: m.due as string, reason: '' });
    expect(back.status).toBe(200);
    expect(one(`SELECT count(*) AS n FROM milestone_moves WHERE milestone_id = ${m.id}`).n).toBe(2);
  });
});
