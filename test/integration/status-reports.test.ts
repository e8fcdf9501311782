/**
 * Issue 14, acceptance 3: a published status report does not change when the data behind it changes;
 * drafts are the PM's (edited against the version shown), published reports are read by every reader.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { milestones } from '~/db/schema';
import { completeMilestone } from '~/workflows/commands/complete-milestone';
import { publishStatusReport } from '~/workflows/commands/publish-status-report';
import { writeStatusReport } from '~/workflows/commands/write-status-report';
import { reportPage, reportsPage } from '~/workflows/status/reports';
import { projectStatus } from '~/workflows/status/view';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const today = '2026-11-30';

describe('status reports (issue 14)', () => {
  it('the seed: four weekly reports, published, read by a viewer', async () => {
    const { db, demo } = await seededDb();
    const page = reportsPage(db, demo.people.viewer, demo.projects.northwind.id);
    expect(page.reports.map((r) => [r.period.slice(0, 7), r.colour])).toEqual([
      ['Week 48', 'amber'],
      ['Week 47', 'amber'],
      ['Week 46', 'amber'],
      ['Week 45', 'amber'],
    ]);
    expect(page.write).toBe(false);
  });

  it('a published report keeps its figures when the data behind them changes; it is never edited again', async () => {
    const { db, demo } = await seededDb();
    const projectId = demo.projects.northwind.id;
    const ctx = { db, actor: demo.people.pm, now: new Date(`${today}T12:00:00Z`) };
    const draft = writeStatusReport(ctx, { projectId, period: 'Week 49', summary: 'Build complete still overdue.' });
    expect(reportsPage(db, demo.people.viewer, projectId).reports.some((r) => r.id === draft.id)).toBe(false);
    expect((await refusal(() => reportPage(db, demo.people.viewer, projectId, draft.id, today))).code).toBe('not_found');
    const stale = await refusal(() =>
      writeStatusReport(ctx, { projectId, reportId: String(draft.id), version: '5', period: 'Week 49', summary: 'An edit from an old page.' }),
    );
    expect(stale.code).toBe('conflict');
    writeStatusReport(ctx, { projectId, reportId: String(draft.id), version: '0', period: 'Week 49', summary: 'Build complete still overdue; UAT continues.' });
    publishStatusReport(ctx, { projectId, reportId: draft.id });
    const published = reportPage(db, demo.people.viewer, projectId, draft.id, today).report;
    const before = JSON.stringify(published.snapshot);
    expect(published.snapshot?.status.rules.find((r) => r.id === 'overdueMilestones')?.figure).toBe(1);

    // The overdue milestone is reached: the live status changes, the published report does not.
    const build = db
      .select()
      .from(milestones)
      .where(and(eq(milestones.projectId, projectId), eq(milestones.name, 'Build complete')))
      .get()!;
    completeMilestone(ctx, { projectId, milestoneId: build.id, doneOn: today });
    expect(projectStatus(db, projectId, today).rules.find((r) => r.id === 'overdueMilestones')?.figure).toBe(0);
    expect(JSON.stringify(reportPage(db, demo.people.viewer, projectId, draft.id, today).report.snapshot)).toBe(before);

    expect(
      (await refusal(() => writeStatusReport(ctx, { projectId, reportId: String(draft.id), period: 'Week 49', summary: 'Rewriting history now.' }))).code,
    ).toBe('refused');
    expect((await refusal(() => publishStatusReport(ctx, { projectId, reportId: draft.id }))).code).toBe('refused');
    expect(
      (await refusal(() => writeStatusReport({ ...ctx, actor: demo.people.stakeholder }, { projectId, period: 'Week 50', summary: 'A sponsor writing it.' })))
        .code,
    ).toBe('forbidden');
  });
});
