/**
 * Issue 16, "Schedules": the PM edits a phase's planned dates. Later needs a reason (refused without
 * one, nothing changed); a form showing dates that changed meanwhile is refused (no overwrite); the
 * change is audited with the dates before and after and read against the schedule baseline. Someone
 * without the schedule permission is refused.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('re-planning a phase', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('later needs a reason; stale dates are refused; the change is audited and read against the baseline', async () => {
    const p = one(
      "SELECT ph.id, ph.project_id AS projectId, ph.name, ph.planned_start AS start, ph.planned_end AS end FROM phases ph JOIN projects p ON p.id = ph.project_id WHERE p.name LIKE 'Northwind%' AND ph.key = 'launch'",
    );
    const start = String(p.start);
    const end = String(p.end);
    const page = `/projects/${p.projectId}/phases/${p.id}`;
    const later = plusDays(end, 7);
    const form = (changes: Record<string, string>) => ({
      intent: 'replan',
      shownStart: start,
      shownEnd: end,
      plannedStart: start,
      plannedEnd: later,
      reason: '',
      ...changes,
    });
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);

    const shown = text(await (await pm.get(page)).text());
    expect(shown).toContain('Change the planned dates…');

    const refused = await pm.post(page, form({}));
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain(`Nothing moved: say why “${p.name}” moves later`);
    expect(one(`SELECT planned_end AS d FROM phases WHERE id = ${p.id}`).d).toBe(end);

    const backwards = await pm.post(page, form({ plannedEnd: plusDays(start, -1) }));
    expect(backwards.status).toBe(400);
    expect(text(await backwards.text())).toContain('The phase would end before it starts.');

    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    expect((await tester.post(page, form({ reason: 'not mine to move' }))).status).toBe(403);

    const moved = await pm.post(page, form({ reason: 'Data migration rehearsal repeated' }));
    expect(moved.status).toBe(200);
    expect(text(await moved.text())).toContain('Planned dates changed: start unchanged, end later by 7 day(s).');
    expect(one(`SELECT planned_end AS d FROM phases WHERE id = ${p.id}`).d).toBe(later);
    const audit = one(`SELECT before, after FROM audit_log WHERE action = 'phase.replanned' AND subject_id = '${p.id}'`);
    expect(JSON.parse(String(audit.before))).toEqual({ plannedStart: start, plannedEnd: end });
    expect(JSON.parse(String(audit.after))).toEqual({ plannedStart: start, plannedEnd: later, reason: 'Data migration rehearsal repeated' });

    // a second person's form still shows the old dates: refused, nothing overwritten
    const stale = await pm.post(page, form({ plannedEnd: plusDays(end, 3), reason: 'From a page loaded before the change' }));
    expect(stale.status).toBe(409);
    expect(text(await stale.text())).toContain(`was re-planned meanwhile to ${start} → ${later}`);
    expect(one(`SELECT planned_end AS d FROM phases WHERE id = ${p.id}`).d).toBe(later);

    const projectAudit = text(await (await pm.get(`/projects/${p.projectId}/audit`)).text());
    expect(projectAudit).toContain('Phase dates re-planned by the PM');
  });
});
