/**
 * Issue 14, notifications: a signature asked of someone, a change request decided, an overdue item and a
 * reminder each become a notification of that person with its e-mail in the outbox, written with the act
 * that caused it; the sweep says each thing once; a person marks only their own notifications read.
 */
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, changeRequests, mailOutbox, notifications, phases, raidItems, users } from '~/db/schema';
import { quickDecidedSelection } from '~/seeds/selection';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { createProject } from '~/workflows/commands/create-project';
import { markAllNotificationsRead, markNotificationRead } from '~/workflows/commands/mark-notifications-read';
import { rejectChangeRequest } from '~/workflows/commands/reject-change-request';
import { requestGateReview } from '~/workflows/commands/request-gate-review';
import { setReminderDays } from '~/workflows/commands/set-reminder-days';
import { maxAttempts, sendOutbox } from '~/workflows/notifications/outbox';
import { sweepNotifications } from '~/workflows/notifications/sweep';
import { systemActor } from '~/workflows/policy/roles';
import { isRaidOverdue } from '~/workflows/raid/overdue';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const requested = new Date('2026-11-30T12:00:00Z');
const on = (day: string) => new Date(`${day}T09:00:00Z`);

/** The demo, plus a new project whose Scope gate can be sent for review (its computed criterion holds). */
async function withGate() {
  const { db, demo } = await seededDb();
  const as = (who: keyof typeof demo.people) => ({ db, actor: demo.people[who], now: requested });
  const tailspin = createProject(as('admin'), {
    name: 'Tailspin ICM',
    client: 'Tailspin',
    methodologyKey: 'SALE',
    startDate: '2026-01-05',
    targetDate: '2026-12-18',
    pmUserId: demo.people.pm.id,
  });
  for (const [who, fn] of [
    ['stakeholder', 'business_owner'],
    ['finance', 'finance'],
  ] as const)
    addProjectMember(as('pm'), { projectId: tailspin.id, userId: demo.people[who].id, role: 'stakeholder', function: fn });
  // The Scope gate's "platform selected" criterion is computed (issue 18): a decided selection first.
  await quickDecidedSelection(
    db,
    tailspin.id,
    { pm: demo.people.pm, sponsor: demo.people.stakeholder, evaluator: demo.people.finance },
    (await import('~/seeds/demo')).demoPassword,
    requested,
  );
  const gate = db
    .select()
    .from(phases)
    .where(and(eq(phases.projectId, tailspin.id), eq(phases.key, 'scope')))
    .get()!;
  const checklist = ['charter', 'platform', 'contracted', 'requirements'].map((key) => ({ key, checked: true, note: '' }));
  const link = `/projects/${tailspin.id}/phases/${gate.id}`;
  const noticesOf = (userId: number, where = link) =>
    db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.link, where)))
      .orderBy(asc(notifications.id))
      .all();
  const sweep = (day: string) => sweepNotifications({ db, actor: systemActor, now: on(day) }, {});
  return { db, demo, as, tailspin, gate, checklist, link, noticesOf, sweep };
}

describe('notifications (issue 14)', () => {
  it('requesting a gate review notifies each named approver, with one outbox message each, in the same transaction', async () => {
    const { db, demo, as, gate, checklist, link, noticesOf } = await withGate();
    const { stakeholder, finance, pm } = demo.people;
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [stakeholder.id, finance.id] });
    for (const person of [stakeholder, finance]) {
      const mine = noticesOf(person.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'signature.requested', title: 'Approve the Scope gate of Tailspin ICM', readAt: null });
      const mail = db.select().from(mailOutbox).where(eq(mailOutbox.notificationId, mine[0]!.id)).all();
      const email = db.select().from(users).where(eq(users.id, person.id)).get()!.email;
      expect(mail).toMatchObject([{ toAddress: email, subject: '[SPM Portal] Approve the Scope gate of Tailspin ICM', sentAt: null, attempts: 0 }]);
      expect(mail[0]!.body).toContain(link);
    }
    // The requester is not told about their own request.
    expect(noticesOf(pm.id)).toEqual([]);

    // A refused request notifies no one: it rolled back with everything else.
    const before = db.select().from(notifications).all().length;
    await refusal(() => requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.tester.id] }));
    expect(db.select().from(notifications).all().length).toBe(before);
  });

  it('an assessed change request asks its decider; the decision answers that and tells the requester who decided', async () => {
    const { db, demo } = await seededDb();
    const cr = db.select().from(changeRequests).where(eq(changeRequests.key, 'CR-002')).get()!;
    const decider = Object.values(demo.people).find((p) => p.id === cr.deciderId)!;
    // The seeded assessment asked the decider to decide; deciding answers it.
    const asked = () =>
      db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, decider.id),
            eq(notifications.kind, 'signature.requested'),
            eq(notifications.link, `/projects/${cr.projectId}/changes/${cr.id}`),
          ),
        )
        .all();
    expect(asked()).toMatchObject([{ title: 'Decide CR-002: Clawback report for cancelled loans', readAt: null }]);
    rejectChangeRequest({ db, actor: decider, now: requested }, { projectId: cr.projectId, changeId: cr.id, reason: 'Not this year.' });
    const told = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, cr.requestedBy), eq(notifications.kind, 'change.decided')))
      .all();
    expect(told).toMatchObject([{ title: `CR-002 rejected by ${decider.name}`, link: `/projects/${cr.projectId}/changes/${cr.id}` }]);
    expect(told[0]!.body).toContain('Not this year.');
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.notificationId, told[0]!.id)).all()).toHaveLength(1);
    expect(asked()[0]!.readAt).toBe(requested.toISOString());
  });

  it('the sweep reminds each approver once the review has waited the set number of days, and not twice in the same window', async () => {
    const { demo, as, gate, checklist, noticesOf, sweep } = await withGate();
    const { stakeholder, finance } = demo.people;
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [stakeholder.id, finance.id] });
    const reminders = (userId: number) => noticesOf(userId).filter((n) => n.kind === 'reminder');

    sweep('2026-12-02'); // 2 days: not yet (the default is 3)
    expect(reminders(stakeholder.id)).toEqual([]);
    sweep('2026-12-03');
    for (const person of [stakeholder, finance])
      expect(reminders(person.id)).toMatchObject([
        { title: 'Reminder: approve the Scope gate of Tailspin ICM', body: 'This has waited on you for 3 days, since 2026-11-30.' },
      ]);
    // Hourly sweeps the same day and the days after, within the window: nothing new.
    sweep('2026-12-03');
    sweep('2026-12-05');
    expect(reminders(stakeholder.id)).toHaveLength(1);
    // The next window (6 days): a second reminder.
    sweep('2026-12-06');
    expect(reminders(stakeholder.id)).toHaveLength(2);

    // An admin sets 10 days: the 7-day wait is no longer reminded; at 10 days it is.
    setReminderDays({ db: as('admin').db, actor: demo.people.admin }, { reminderDays: '10' });
    sweep('2026-12-07');
    expect(reminders(stakeholder.id)).toHaveLength(2);
    sweep('2026-12-10');
    expect(reminders(stakeholder.id)).toHaveLength(3);

    // Once signed, nothing waits on them: no more reminders.
    const { approveGate } = await import('~/workflows/commands/approve-gate');
    const { gateSignatureBasis } = await import('~/workflows/gates/fingerprint');
    const { demoPassword } = await import('~/seeds/demo');
    await approveGate(
      { db: as('admin').db, actor: stakeholder },
      { phaseId: gate.id, password: demoPassword, meaning: 'I approve the Scope gate for Tailspin ICM', ...gateSignatureBasis(as('admin').db, gate.id) },
    );
    sweep('2026-12-20');
    expect(reminders(stakeholder.id)).toHaveLength(3);
    expect(reminders(finance.id)).toHaveLength(4);
    // Signing answered what the stakeholder's notices asked: all read; finance's still wait.
    expect(noticesOf(stakeholder.id).every((n) => n.readAt !== null)).toBe(true);
    expect(noticesOf(finance.id).every((n) => n.readAt === null)).toBe(true);
  });

  it('a change request waiting for its decision is reminded to the decider from its assessment, and no longer once decided', async () => {
    const { db, demo } = await seededDb();
    const cr = db.select().from(changeRequests).where(eq(changeRequests.key, 'CR-002')).get()!;
    const decider = Object.values(demo.people).find((p) => p.id === cr.deciderId)!;
    const sweep = (day: string) => sweepNotifications({ db, actor: systemActor, now: on(day) }, {});
    const reminded = () =>
      db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.userId, decider.id), eq(notifications.kind, 'reminder'), eq(notifications.link, `/projects/${cr.projectId}/changes/${cr.id}`)),
        )
        .all();
    // Assessed on 2026-11-24: two days later, nothing; at three days, the reminder.
    sweep('2026-11-26');
    expect(reminded()).toEqual([]);
    sweep('2026-11-27');
    expect(reminded()).toMatchObject([
      { title: 'Reminder: decide CR-002: Clawback report for cancelled loans', body: 'This has waited on you for 3 days, since 2026-11-24.' },
    ]);
    rejectChangeRequest({ db, actor: decider, now: on('2026-11-28') }, { projectId: cr.projectId, changeId: cr.id, reason: 'Not this year.' });
    expect(reminded().every((n) => n.readAt !== null)).toBe(true);
    sweep('2026-12-03');
    expect(reminded()).toHaveLength(1);
  });

  it('the reminder days are 1 to 60, set by an admin only, audited', async () => {
    const { db, demo } = await seededDb();
    const admin = { db, actor: demo.people.admin };
    expect((await refusal(() => setReminderDays(admin, { reminderDays: '0' }))).fieldErrors.reminderDays).toMatch(/from 1 to 60/);
    expect((await refusal(() => setReminderDays(admin, { reminderDays: '61' }))).fieldErrors.reminderDays).toMatch(/from 1 to 60/);
    expect((await refusal(() => setReminderDays(admin, { reminderDays: 'two' }))).fieldErrors.reminderDays).toMatch(/from 1 to 60/);
    expect((await refusal(() => setReminderDays({ db, actor: demo.people.pm }, { reminderDays: '5' }))).code).toBe('forbidden');
    setReminderDays(admin, { reminderDays: '5' });
    const row = db.select().from(auditLog).where(eq(auditLog.action, 'notification.reminder_days_set')).all();
    expect(row).toHaveLength(1);
    expect(JSON.parse(row[0]!.after as string)).toEqual({ reminderDays: 5 });
  });

  it('an overdue RAID item is notified to its owner once; a milestone past due to the PMs', async () => {
    const { db, demo } = await seededDb();
    const sweep = () => sweepNotifications({ db, actor: systemActor, now: new Date('2026-11-30T09:00:00Z') }, {});
    const northwind = demo.projects.northwind.id;
    const overdue = db
      .select()
      .from(raidItems)
      .where(eq(raidItems.projectId, northwind))
      .all()
      .filter((i) => i.ownerId !== null && isRaidOverdue(i, '2026-11-30'));
    expect(overdue.length).toBeGreaterThan(0);
    const first = sweep();
    expect(first.overdue).toBeGreaterThanOrEqual(overdue.length);
    for (const item of overdue) {
      const told = db
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, 'item.overdue'), eq(notifications.link, `/projects/${northwind}/raid/${item.id}`)))
        .all();
      expect(told.map((n) => [n.userId, n.title])).toEqual([[item.ownerId, `${item.key} is overdue: ${item.title}`]]);
    }
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'notification.swept')).all()).toHaveLength(1);
    // The next hour's sweep says nothing new, and writes no audit row.
    expect(sweep()).toEqual({ overdue: 0, reminders: 0 });
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'notification.swept')).all()).toHaveLength(1);
    // A closed item is not overdue: nothing more for it either way.
    const milestoneNotices = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'item.overdue'), eq(notifications.userId, demo.people.pm.id)))
      .all()
      .filter((n) => n.title.startsWith('Milestone past due'));
    // Whatever the demo has past due on that day goes to its PM only.
    for (const n of milestoneNotices) expect(n.link).toMatch(/\/schedule$/);
    expect(() => sweepNotifications({ db, actor: demo.people.admin }, {})).toThrow(/Only the portal itself/);
  });

  it('a person marks only their own notifications read; someone else’s is not found, whoever asks', async () => {
    const { db, demo, as, gate, checklist, noticesOf } = await withGate();
    const { stakeholder, finance, admin } = demo.people;
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [stakeholder.id, finance.id] });
    const theirs = noticesOf(stakeholder.id)[0]!;
    for (const other of [finance, admin]) {
      const refused = await refusal(() => markNotificationRead({ db, actor: other }, { notificationId: String(theirs.id) }));
      expect(refused.code).toBe('not_found');
    }
    expect(noticesOf(stakeholder.id)[0]!.readAt).toBeNull();
    markNotificationRead({ db, actor: stakeholder }, { notificationId: String(theirs.id) });
    expect(noticesOf(stakeholder.id)[0]!.readAt).not.toBeNull();
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'notification.read')).all().at(-1)).toMatchObject({
      actorId: stakeholder.id,
      subjectId: String(theirs.id),
    });
    // Mark all read touches only the reader's rows: finance's stays unread.
    const marked = markAllNotificationsRead({ db, actor: stakeholder }, {});
    expect(marked).toBeGreaterThanOrEqual(0);
    expect(noticesOf(finance.id)[0]!.readAt).toBeNull();
    expect((await refusal(() => markAllNotificationsRead({ db, actor: stakeholder }, {}))).message).toMatch(/nothing unread/);
  });

  it('the sender marks what it sent, and counts the attempts of what failed, up to the limit', async () => {
    const { db, demo, as, gate, checklist } = await withGate();
    db.delete(mailOutbox).run(); // the demo's own messages: this test follows two
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id, demo.people.finance.id] });
    const sent: string[] = [];
    let down: 'server' | 'message' | null = 'server';
    const transport = {
      sendMail: async (m: { to: string; subject: string }) => {
        if (down === 'server') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' });
        if (down === 'message') throw new Error('connect ECONNREFUSED');
        sent.push(`${m.to}: ${m.subject}`);
      },
    };
    // The server cannot be reached: the run stops at the first message, the other keeps all its attempts.
    expect(await sendOutbox(db, transport)).toEqual({ sent: 0, failed: 1 });
    expect(
      db
        .select()
        .from(mailOutbox)
        .all()
        .map((m) => m.attempts),
    ).toEqual([1, 0]);
    db.update(mailOutbox).set({ attempts: 0, lastError: null }).run();
    down = 'message';
    const failed = await sendOutbox(db, transport, 'Portal <p@example.test>');
    expect(failed.sent).toBe(0);
    expect(
      db
        .select()
        .from(mailOutbox)
        .all()
        .every((m) => m.attempts === 1 && m.lastError === 'connect ECONNREFUSED'),
    ).toBe(true);
    down = null;
    const ok = await sendOutbox(db, transport);
    expect(ok).toEqual({ sent: 2, failed: 0 });
    expect(sent).toContain('finance@demo.test: [SPM Portal] Approve the Scope gate of Tailspin ICM');
    expect(
      db
        .select()
        .from(mailOutbox)
        .all()
        .every((m) => m.sentAt && m.attempts === 2 && m.lastError === null),
    ).toBe(true);
    // A message that failed the limit is left alone.
    db.insert(mailOutbox)
      .values({ notificationId: 1, toAddress: 'x@y.test', subject: 's', body: 'b', createdAt: requested.toISOString(), attempts: maxAttempts, lastError: 'no' })
      .run();
    expect(await sendOutbox(db, transport)).toEqual({ sent: 0, failed: 0 });
  });
});
