/**
 * Issue 14, acceptance 4 and the change request commands: an approved change with 10 days of impact
 * moves its milestone by 10 days, recorded against the baseline; the schedule reads the slip; the
 * decision names the impact the decider saw; who may raise, decide, implement and close.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, milestoneMoves, milestones } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { loadChangeFor } from '~/workflows/changes/access';
import { impactFingerprint } from '~/workflows/changes/impact';
import { scheduleAgainst } from '~/workflows/changes/schedule';
import { changePage, changesPage } from '~/workflows/changes/view';
import { approveChangeRequest } from '~/workflows/commands/approve-change-request';
import { assessChangeRequest } from '~/workflows/commands/assess-change-request';
import { closeChangeRequest } from '~/workflows/commands/close-change-request';
import { implementChangeRequest } from '~/workflows/commands/implement-change-request';
import { raiseChangeRequest } from '~/workflows/commands/raise-change-request';
import { takeScheduleBaseline } from '~/workflows/commands/take-schedule-baseline';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-30T12:00:00Z');

describe('change requests and schedule baselines (issue 14)', () => {
  it('the seed: CR-001 approved moved UAT sign-off by 10 days against baseline 1; CR-002 waits for its decision', async () => {
    const { db, demo } = await seededDb();
    const projectId = demo.projects.northwind.id;
    const page = changesPage(db, demo.people.viewer, projectId);
    expect(page.changes.map((c) => [c.key, c.state])).toEqual([
      ['CR-001', 'approved'],
      ['CR-002', 'assessed'],
    ]);
    const schedule = scheduleAgainst(db, projectId, null);
    expect(schedule.baseline?.number).toBe(1);
    const row = schedule.rows.find((r) => r.name === 'UAT sign-off')!;
    expect(row.slipDays).toBe(10);
    expect(row.moves).toEqual([{ key: 'CR-001', reason: '', days: 10, from: row.baseline, to: row.current }]);
    expect(schedule.rows.find((r) => r.name === 'Go-live')!.slipDays).toBe(0);
  });

  it('an approved change with 10 days of impact moves its milestone by 10 days, audited before and after; a stale or foreign decision signs nothing', async () => {
    const { db, demo } = await seededDb();
    const projectId = demo.projects.northwind.id;
    const { pm, analyst, stakeholder, finance } = demo.people;
    const ctx = (actor: typeof pm) => ({ db, actor, now });
    const goLive = () =>
      db
        .select()
        .from(milestones)
        .where(and(eq(milestones.projectId, projectId), eq(milestones.name, 'Go-live')))
        .get()!;
    const before = goLive().dueDate;

    expect(
      (
        await refusal(() =>
          raiseChangeRequest(ctx(finance), { projectId, title: 'Self decided', description: 'Deciding my own change.', deciderId: finance.id }),
        )
      ).fieldErrors.deciderId,
    ).toMatch(/never decides it/);
    expect(
      (
        await refusal(() =>
          raiseChangeRequest(ctx(finance), { projectId, title: 'Tester decides', description: 'A tester named to decide.', deciderId: demo.people.tester.id }),
        )
      ).fieldErrors.deciderId,
    ).toMatch(/sponsor or another stakeholder/);
    expect(
      (
        await refusal(() =>
          raiseChangeRequest(ctx(demo.people.vendor), { projectId, title: 'From a vendor', description: 'A vendor raising it.', deciderId: stakeholder.id }),
        )
      ).code,
    ).toBe('forbidden');

    const cr = raiseChangeRequest(ctx(analyst), {
      projectId,
      title: 'Go-live after the year-end freeze',
      description: 'Move go-live after the freeze.',
      deciderId: stakeholder.id,
    });
    expect(cr.key).toBe('CR-003');
    expect(
      (await refusal(() => assessChangeRequest(ctx(finance), { projectId, changeId: cr.id, summary: 'Finance assessing it', cost: '1' }))).message,
    ).toMatch(/Only the project manager or an analyst/);
    expect(
      (
        await refusal(() =>
          assessChangeRequest(ctx(pm), { projectId, changeId: cr.id, summary: 'Moves go-live by ten days.', schedule: [{ milestoneId: 999999, days: 10 }] }),
        )
      ).fieldErrors.schedule,
    ).toMatch(/milestones of this project/);
    assessChangeRequest(ctx(pm), { projectId, changeId: cr.id, summary: 'Moves go-live by ten days.', schedule: [{ milestoneId: goLive().id, days: 10 }] });
    const seen = impactFingerprint(cr.key, loadChangeFor(db, stakeholder, { projectId, changeId: cr.id }).context);

    // Someone else than the decider, with the right fingerprint: refused, nothing moved.
    const foreign = await refusal(() =>
      approveChangeRequest(ctx(finance), { projectId, changeId: cr.id, password: demoPassword, meaning: 'approved as finance', fingerprint: seen }),
    );
    expect(foreign.message).toMatch(/Only the decider named for this change request decides it/);
    // The impact assessed again after the decider opened it: their signature is refused.
    assessChangeRequest(ctx(pm), {
      projectId,
      changeId: cr.id,
      summary: 'Moves go-live by ten days, and UAT by two.',
      schedule: [{ milestoneId: goLive().id, days: 10 }],
    });
    const stale = await refusal(() =>
      approveChangeRequest(ctx(stakeholder), { projectId, changeId: cr.id, password: demoPassword, meaning: 'approved as business owner', fingerprint: seen }),
    );
    expect(stale.code).toBe('conflict');
    expect(goLive().dueDate).toBe(before);

    const fresh = impactFingerprint(cr.key, loadChangeFor(db, stakeholder, { projectId, changeId: cr.id }).context);
    const page = changePage(db, stakeholder, { projectId, changeId: cr.id });
    expect(page.fingerprint).toBe(fresh);
    expect(page.events).toContain('APPROVE');
    await approveChangeRequest(ctx(stakeholder), {
      projectId,
      changeId: cr.id,
      password: demoPassword,
      meaning: 'approved as business owner',
      fingerprint: fresh,
    });

    const after = goLive().dueDate;
    expect((Date.parse(after) - Date.parse(before)) / 86_400_000).toBe(10);
    const move = db.select().from(milestoneMoves).where(eq(milestoneMoves.changeRequestId, cr.id)).get()!;
    expect(move).toMatchObject({ fromDate: before, toDate: after, days: 10 });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'milestone.moved')).all().at(-1)!;
    expect(JSON.parse(audit.before as string)).toEqual({ dueDate: before });
    expect(JSON.parse(audit.after as string)).toMatchObject({ dueDate: after, days: 10, changeRequest: 'CR-003', baseline: 1 });
    expect(scheduleAgainst(db, projectId, null).rows.find((r) => r.name === 'Go-live')!.slipDays).toBe(10);

    // A new baseline takes the moved date; the slip against it is 0, against baseline 1 it stays 10.
    const b2 = takeScheduleBaseline(ctx(pm), { projectId, note: 'After CR-003' });
    expect(scheduleAgainst(db, projectId, null).rows.find((r) => r.name === 'Go-live')!.slipDays).toBe(0);
    const first = scheduleAgainst(db, projectId, null).baselines.find((b) => b.number === 1)!;
    expect(scheduleAgainst(db, projectId, first.id).rows.find((r) => r.name === 'Go-live')!.slipDays).toBe(10);
    expect((await refusal(() => takeScheduleBaseline(ctx(analyst), { projectId, note: 'Not mine to take' }))).code).toBe('forbidden');
    expect(b2.number).toBe(2);

    // Implemented by something of this project only, then closed by the PM.
    expect(
      (await refusal(() => implementChangeRequest(ctx(analyst), { projectId, changeId: cr.id, deliverableIds: ['999999'] }))).fieldErrors.carriers,
    ).toMatch(/of this project/);
    const planVersion = changePage(db, analyst, { projectId, changeId: cr.id }).targets!.planVersions[0]!;
    implementChangeRequest(ctx(analyst), { projectId, changeId: cr.id, planVersionIds: [String(planVersion.id)] });
    expect((await refusal(() => closeChangeRequest(ctx(analyst), { projectId, changeId: cr.id }))).message).toMatch(/Only the project manager/);
    closeChangeRequest(ctx(pm), { projectId, changeId: cr.id });
    expect(changePage(db, demo.people.viewer, { projectId, changeId: cr.id }).change.state).toBe('closed');
  });
});
