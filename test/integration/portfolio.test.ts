/**
 * Issue 14, the portfolio: every project a PM, a viewer (PMO) or an admin sees, with the same computed
 * status and reasons as the project page, overdue counts from the same rules, open change requests and
 * the last twelve weeks of published status. A project's kept status follows a change in it (and in the
 * thresholds) without waiting for the day to turn.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { methodologies } from '~/db/schema';
import { logRaidItem } from '~/workflows/commands/log-raid-item';
import { setStatusThresholds } from '~/workflows/commands/set-status-thresholds';
import { portfolio } from '~/workflows/status/portfolio';
import { projectStatus } from '~/workflows/status/view';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const today = '2026-11-30';

describe('the portfolio (issue 14)', () => {
  it('shows the PM every project with the project page’s status, its deciding reasons, overdue counts and open changes', async () => {
    const { db, demo } = await seededDb();
    const rows = portfolio(db, demo.people.pm, today);
    expect(rows.map((r) => r.name).sort()).toEqual(
      Object.values(demo.projects)
        .map((p) => p.name)
        .sort(),
    );
    const fabrikam = rows.find((r) => r.id === demo.projects.fabrikam.id)!;
    const status = projectStatus(db, demo.projects.fabrikam.id, today);
    expect(fabrikam.colour).toBe('red');
    // The late gate and the inherited severity-2 defect (logged 2026-10-28, seeds/recovery.ts) make it
    // red; the overdue milestone (amber) is a reason but did not decide the colour.
    expect(fabrikam.deciding).toEqual([
      { label: 'Gates past their phase’s planned end', shown: '1 gate', detail: 'Assess, planned to end 2026-11-11' },
      { label: 'Age of the oldest open critical or high defect', shown: '33 days', detail: '' },
    ]);
    expect(fabrikam.reasons).toEqual(status.reasons);
    expect(fabrikam.overdue).toEqual({ gates: 1, milestones: 1, deliverables: 0, raid: 0 });
    expect(fabrikam.nextGate).toEqual({ name: 'Assess gate', date: '2026-11-11', state: 'inReview' });

    const northwind = rows.find((r) => r.id === demo.projects.northwind.id)!;
    expect(northwind.colour).toBe('amber');
    expect(northwind.reasons).toEqual(projectStatus(db, demo.projects.northwind.id, today).reasons);
    expect(northwind.overdue).toMatchObject({ milestones: 1, deliverables: 1, raid: 7 });
    // CR-001 approved but not yet implemented, CR-002 waiting for a decision.
    expect(northwind.openChanges).toBe(2);
  });

  it('draws the last twelve weeks from published reports: the seeded four weekly reports, as frozen', async () => {
    const { db, demo } = await seededDb();
    const northwind = portfolio(db, demo.people.viewer, today).find((r) => r.id === demo.projects.northwind.id)!;
    expect(northwind.trend).toHaveLength(12);
    expect(northwind.trend.at(-1)!.to).toBe(today);
    const published = northwind.trend.filter((w) => w.colour);
    expect(published).toHaveLength(4);
    expect(published.every((w) => w.period)).toBe(true);
    expect(northwind.trend.slice(0, 8).every((w) => w.colour === null)).toBe(true);
  });

  it('is for PMs, viewers and admins: a stakeholder or a tester is refused; an admin sees every project', async () => {
    const { db, demo } = await seededDb();
    expect((await refusal(() => portfolio(db, demo.people.stakeholder, today))).code).toBe('forbidden');
    expect((await refusal(() => portfolio(db, demo.people.tester, today))).code).toBe('forbidden');
    expect(portfolio(db, demo.people.admin, today)).toHaveLength(Object.keys(demo.projects).length);
  });

  it('follows a change in one project and a change of thresholds at once, not the next day', async () => {
    const { db, demo } = await seededDb();
    const row = () => portfolio(db, demo.people.pm, today).find((r) => r.id === demo.projects.contoso.id)!;
    const before = row();
    expect(before.overdue.raid).toBe(0);
    logRaidItem(
      { db, actor: demo.people.pm, now: new Date(`${today}T09:00:00Z`) },
      { projectId: demo.projects.contoso.id, type: 'action', title: 'Chase the payroll extract', ownerId: String(demo.people.pm.id), dueDate: '2026-11-20' },
    );
    expect(row().overdue.raid).toBe(1);

    const methodologyId = db.select().from(methodologies).where(eq(methodologies.name, before.methodology)).get()!.id;
    setStatusThresholds(
      { db, actor: demo.people.admin, now: new Date(`${today}T10:00:00Z`) },
      { methodologyId, thresholds: { overdueRaid: { amber: '1', red: '1' } } },
    );
    expect(row().colour).toBe('red');
    expect(row().deciding).toContainEqual({ label: 'Overdue RAID items', shown: '1 item', detail: 'RAID-001' });
  });
});
