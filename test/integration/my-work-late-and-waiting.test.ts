/**
 * Issue 16, My work: what is late on the projects a person manages (by the status rules' own
 * definitions), what they wait on others for (by name, since when), and the reminder they may send.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, mailOutbox, notifications, projectMembers, users } from '~/db/schema';
import { remindWaitedOn } from '~/workflows/commands/remind-waited-on';
import { removeProjectMember } from '~/workflows/commands/remove-project-member';
import { myWork } from '~/workflows/my-work';
import { statusSignals } from '~/workflows/status/signals';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const today = '2026-11-30';
const at = (instant: string) => new Date(instant);

describe('late on my projects', () => {
  it('lists the demo PM’s overdue milestones, phases, RAID items, deliverables and long-waiting sign-offs, with due date, days late and a link', async () => {
    const { db, demo } = await seededDb();
    const { northwind, fabrikam } = demo.projects;
    const late = myWork(db, demo.people.pm, today).late;
    const row = (key: string) => late.find((r) => r.key === key);
    const buildComplete = late.find((r) => r.kind === 'milestone' && r.what === 'Milestone Build complete')!;
    expect(buildComplete).toMatchObject({ project: northwind.name, due: '2026-10-29', daysLate: 32, link: `/projects/${northwind.id}/schedule` });
    expect(late.find((r) => r.kind === 'phase' && r.what.startsWith('Phase Assess'))).toMatchObject({
      project: fabrikam.name,
      due: '2026-11-11',
      daysLate: 19,
    });
    expect(late.find((r) => r.what.startsWith('RAID-019'))).toMatchObject({ kind: 'raid', due: '2026-11-06', daysLate: 24, with: 'Paula Prakash' });
    expect(late.find((r) => r.kind === 'deliverable')).toMatchObject({
      what: 'Deliverable DLV-007 · Data integration interface specifications',
      with: 'Acme ICM Partners',
    });
    // A requirement in review for 14 days (reminders after 3) is late, with the signer it waits on.
    expect(row(late.find((r) => r.kind === 'signoff' && r.what.includes('REQ-010'))!.key)).toMatchObject({
      due: '2026-11-19',
      daysLate: 11,
      with: 'Sam Okafor',
    });
    // Longest overdue first.
    expect(late.map((r) => r.daysLate)).toEqual([...late.map((r) => r.daysLate)].sort((a, b) => b - a));

    // The same rules as the project's status: as many late milestones, phases and RAID items per project as its status counts.
    for (const project of [northwind, fabrikam, demo.projects.contoso]) {
      const signals = statusSignals(db, project.id, today);
      const count = (kind: string) => late.filter((r) => r.projectId === project.id && r.kind === kind).length;
      expect(count('milestone'), project.name).toBe(signals.overdueMilestones.figure);
      expect(count('phase'), project.name).toBe(signals.overdueGates.figure);
      expect(count('raid'), project.name).toBe(signals.overdueRaid.figure);
      expect(count('deliverable'), project.name).toBe(signals.overdueDeliverables.figure);
    }
  });

  it('is for the people who manage a project: a stakeholder or a tester is told nothing late', async () => {
    const { db, demo } = await seededDb();
    expect(myWork(db, demo.people.stakeholder, today).late).toEqual([]);
    expect(myWork(db, demo.people.tester, today).late).toEqual([]);
  });
});

describe('waiting on others', () => {
  it('names the people a review or a sign-off waits on, and since when', async () => {
    const { db, demo } = await seededDb();
    const pm = myWork(db, demo.people.pm, today).waitingOnOthers;
    const gate = pm.find((w) => w.kind === 'gate')!;
    expect(gate).toMatchObject({ what: 'Assess gate review', project: demo.projects.fabrikam.name, sinceDay: '2026-11-20', days: 10, remindedAt: null });
    expect(gate.waitingOn.map((p) => p.name)).toEqual(['Sam Okafor', 'Fiona Lindqvist']);

    const analyst = myWork(db, demo.people.analyst, today).waitingOnOthers;
    expect(analyst.find((w) => w.what.startsWith('REQ-010'))).toMatchObject({ kind: 'requirement', sinceDay: '2026-11-16', days: 14 });
    expect(analyst.find((w) => w.kind === 'plan')?.waitingOn.map((p) => p.name)).toEqual(['Omar Reyes']);
    // What the PM waits on is not also listed as late for them (it is theirs to chase here).
    expect(myWork(db, demo.people.pm, today).late.some((r) => r.kind === 'signoff' && r.link === gate.link)).toBe(false);
    // A stakeholder asked to sign waits on no one.
    expect(myWork(db, demo.people.stakeholder, today).waitingOnOthers).toEqual([]);

    // An approver who has left the project is no longer waited on (nor reminded): My work's own rule.
    const fiona = gate.waitingOn.find((p) => p.name === 'Fiona Lindqvist')!;
    const fabrikam = demo.projects.fabrikam.id;
    for (const m of db
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, fabrikam), eq(projectMembers.userId, fiona.id)))
      .all())
      removeProjectMember({ db, actor: demo.people.pm }, { projectId: fabrikam, memberId: m.id });
    const after = myWork(db, demo.people.pm, today).waitingOnOthers.find((w) => w.kind === 'gate')!;
    expect(after.waitingOn.map((p) => p.name)).toEqual(['Sam Okafor']);
    expect(remindWaitedOn({ db, actor: demo.people.pm }, { kind: 'gate', id: gate.id }).notified).toEqual(['Sam Okafor']);
  });
});

describe('remind the people waited on', () => {
  it('notifies exactly them (a notification and an e-mail each), audited, and shows when on the row', async () => {
    const { db, demo } = await seededDb();
    const pm = demo.people.pm;
    const gate = myWork(db, pm, today).waitingOnOthers.find((w) => w.kind === 'gate')!;
    const before = db.select().from(notifications).all().length;
    const when = at('2026-11-30T09:00:00Z');
    const result = remindWaitedOn({ db, actor: pm, now: when }, { intent: 'remind', kind: 'gate', id: gate.id });
    expect(result.notified).toEqual(['Sam Okafor', 'Fiona Lindqvist']);

    const told = db.select().from(notifications).where(eq(notifications.createdAt, when.toISOString())).all();
    expect(told).toHaveLength(2);
    expect(db.select().from(notifications).all()).toHaveLength(before + 2);
    expect(told.map((n) => n.userId).sort()).toEqual(gate.waitingOn.map((p) => p.id).sort());
    expect(told.every((n) => n.kind === 'reminder' && n.link === gate.link && n.title.includes('Assess gate review'))).toBe(true);
    const mail = db
      .select({ to: mailOutbox.toAddress })
      .from(mailOutbox)
      .where(
        inArray(
          mailOutbox.notificationId,
          told.map((n) => n.id),
        ),
      )
      .all();
    const emails = db
      .select({ email: users.email })
      .from(users)
      .where(
        inArray(
          users.id,
          gate.waitingOn.map((p) => p.id),
        ),
      )
      .all();
    expect(mail.map((m) => m.to).sort()).toEqual(emails.map((e) => e.email).sort());

    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'reminder.sent')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: pm.id, subjectType: 'phase', subjectId: gate.id, projectId: gate.projectId });
    expect(JSON.parse(audit[0]!.before!)).toEqual({ remindedAt: null });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ remindedAt: when.toISOString(), notified: ['Sam Okafor', 'Fiona Lindqvist'] });

    expect(myWork(db, pm, today).waitingOnOthers.find((w) => w.kind === 'gate')?.remindedAt).toBe(when.toISOString());
  });

  it('is refused for someone else’s item, and a second time within 24 hours (saying when the last one went), writing nothing', async () => {
    const { db, demo } = await seededDb();
    const { pm, analyst, stakeholder } = demo.people;
    const gate = myWork(db, pm, today).waitingOnOthers.find((w) => w.kind === 'gate')!;
    const req = myWork(db, analyst, today).waitingOnOthers.find((w) => w.kind === 'requirement')!;
    const count = () => ({ notices: db.select().from(notifications).all().length, audit: db.select().from(auditLog).all().length });
    const start = count();

    for (const [actor, row] of [
      [analyst, gate],
      [stakeholder, gate],
      [pm, req],
    ] as const) {
      const e = await refusal(() => remindWaitedOn({ db, actor, now: at('2026-11-30T08:00:00Z') }, { kind: row.kind, id: row.id }));
      expect(e.status).toBe(403);
      expect(e.message).toMatch(/only the person who requested the review/);
    }
    expect(count()).toEqual(start);

    remindWaitedOn({ db, actor: analyst, now: at('2026-11-30T08:00:00Z') }, { kind: 'requirement', id: req.id });
    const once = count();
    const again = await refusal(() => remindWaitedOn({ db, actor: analyst, now: at('2026-12-01T07:59:00Z') }, { kind: 'requirement', id: req.id }));
    expect(again.status).toBe(422);
    expect(again.message).toContain('You already reminded them on 2026-11-30 08:00 UTC');
    expect(again.message).toContain('after 2026-12-01 08:00 UTC');
    expect(count()).toEqual(once);

    // A day later it may go again; a reminder of another item is not held back by this one.
    remindWaitedOn({ db, actor: analyst, now: at('2026-12-01T08:00:00Z') }, { kind: 'requirement', id: req.id });
    const plan = myWork(db, analyst, today).waitingOnOthers.find((w) => w.kind === 'plan')!;
    expect(remindWaitedOn({ db, actor: analyst, now: at('2026-12-01T08:01:00Z') }, { kind: 'plan', id: plan.id }).notified).toEqual(['Omar Reyes']);
    const sent = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'reminder.sent'), eq(auditLog.actorId, analyst.id)))
      .all();
    expect(sent.map((a) => a.subjectType)).toEqual(['requirement', 'requirement', 'plan']);
  });

  it('refuses an id that is not an item of My work', async () => {
    const { db, demo } = await seededDb();
    const e = await refusal(() => remindWaitedOn({ db, actor: demo.people.pm }, { kind: 'gate', id: 'one; drop' }));
    expect(e.status).toBe(400);
  });
});
