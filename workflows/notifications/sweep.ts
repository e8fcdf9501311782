import { and, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '~/db/client';
import { latestEventAt } from '~/db/queries/notifications';
import { milestones, projectMembers, projects, raidItems, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { toActor } from '../auth/actor';
import { defineCommand } from '../command';
import { forbidden } from '../errors';
import { myWork } from '../my-work';
import { isRaidOverdue, raidDeadlineOf } from '../raid/overdue';
import { isMilestoneOverdue } from '../status/overdue';
import { itemLinks } from './links';
import { notify } from './notify';
import { reminderDaysOf } from './settings';

const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The notifications no one's act causes, run by the portal itself at start and every hour
 * (scripts/start.ts): an overdue notice for each open RAID item past its date, to its owner, and for
 * each milestone past its due date, to the project's PMs (once per item and date); a reminder for each
 * signature or review that has waited on a person `reminderDays` days or more (once per item and
 * every `reminderDays` days: the key names the window). What waits on whom is My work's answer.
 * Returns how many notices were written; the sweep is audited when it wrote any.
 */
export const sweepNotifications = defineCommand({
  input: z.object({}),
  authorize: (actor) => {
    if (actor.id !== 0) throw forbidden('Only the portal itself sends reminders.');
  },
  handle: ({ tx, actor, at, day }) => {
    const counts = { overdue: overdueNotices(tx, at, day), reminders: reminders(tx, at, day) };
    const told = counts.overdue + counts.reminders;
    if (told > 0)
      emitAudit(tx, {
        at,
        actor,
        action: 'notification.swept',
        subjectType: 'notification',
        subjectId: `sweep:${day}`,
        after: counts,
        detail: `${plural(counts.overdue, 'overdue notice')} and ${plural(counts.reminders, 'reminder')} sent.`,
      });
    return counts;
  },
});

function overdueNotices(tx: Tx, at: Date, day: string): number {
  let told = 0;
  const items = tx
    .select()
    .from(raidItems)
    .where(and(eq(raidItems.status, 'open'), isNotNull(raidItems.ownerId)))
    .all();
  for (const item of items) {
    const deadline = raidDeadlineOf(item);
    if (!deadline || !isRaidOverdue(item, day) || item.ownerId === null) continue;
    told += notify(tx, {
      userIds: [item.ownerId],
      projectId: item.projectId,
      kind: 'item.overdue',
      title: `${item.key} is overdue: ${item.title}`,
      body: `Its ${deadline.label} date, ${deadline.date}, has passed and it is still open.`,
      link: itemLinks.raidItem(item.projectId, item.id),
      key: `overdue:raid:${item.id}:${deadline.date}`,
      at,
    });
  }
  // A milestone past due by the status rule's definition (the query narrows, the rule decides).
  const late = tx
    .select({ milestone: milestones, project: projects.name })
    .from(milestones)
    .innerJoin(projects, eq(projects.id, milestones.projectId))
    .where(and(isNull(milestones.doneOn), lt(milestones.dueDate, day)))
    .all()
    .filter(({ milestone }) => isMilestoneOverdue(milestone, day));
  for (const { milestone: m, project } of late) {
    const pms = tx
      .select({ userId: projectMembers.userId })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, m.projectId), eq(projectMembers.role, 'pm')))
      .all();
    told += notify(tx, {
      userIds: pms.map((p) => p.userId),
      projectId: m.projectId,
      kind: 'item.overdue',
      title: `Milestone past due: ${m.name} (${project})`,
      body: `${m.name} was due on ${m.dueDate} and is not reached.`,
      link: itemLinks.schedule(m.projectId),
      key: `overdue:milestone:${m.id}:${m.dueDate}`,
      at,
    });
  }
  return told;
}

type Waiting = { what: string; kind: string; id: string; projectId: number; link: string; since: string | null };

function reminders(tx: Tx, at: Date, day: string): number {
  const every = reminderDaysOf(tx);
  const people = tx.select().from(users).all();
  const waiting = new Map<number, Waiting[]>();
  const instanceIds = new Set<number>();
  for (const person of people) {
    const work = myWork(tx, toActor(person), day);
    const items: Waiting[] = [
      ...work.gates.gatesToDecide.map((g) => ({
        what: `approve the ${g.phase} gate of ${g.project}`,
        kind: 'gate',
        id: `${g.phaseId}`,
        projectId: g.projectId,
        link: itemLinks.gate(g.projectId, g.phaseId),
        since: `instance:${g.instanceId}`,
      })),
      ...work.requirements.toSign.map((r) => ({
        what: `sign ${r.key}: ${r.title}`,
        kind: 'requirement',
        id: `${r.id}`,
        projectId: r.projectId,
        link: itemLinks.requirement(r.projectId, r.id),
        since: `instance:${r.instanceId}`,
      })),
      ...work.testing.reports.map((r) => ({
        what: `sign the variance report of ${r.name}`,
        kind: 'report',
        id: `${r.id}`,
        projectId: r.projectId,
        link: itemLinks.parallelRun(r.projectId, r.id),
        since: `instance:${r.instanceId}`,
      })),
      ...work.plans.toSign.map((v) => ({
        what: `approve ${v.planKey} v${v.number}`,
        kind: 'plan',
        id: `${v.planId}.${v.number}`,
        projectId: v.projectId,
        link: itemLinks.planVersion(v.projectId, v.planId, v.number),
        since: v.turnSince,
      })),
      ...work.optimization.baselinesToSign.map((b) => ({
        what: `sign the KPI baseline of ${b.project}`,
        kind: 'e3baseline',
        id: `${b.instanceId}`,
        projectId: b.projectId,
        link: itemLinks.optimizationBaseline(b.projectId),
        since: `instance:${b.instanceId}`,
      })),
      ...work.optimization.reviewsToSign.map((r) => ({
        what: `sign review ${r.number} of ${r.project}`,
        kind: 'e3review',
        id: `${r.instanceId}.${r.number}`,
        projectId: r.projectId,
        link: itemLinks.optimizationReview(r.projectId, r.number),
        since: `instance:${r.instanceId}`,
      })),
      ...work.selections.toDecide.map((x) => ({
        what: `decide ${x.key}: ${x.title}`,
        kind: 'selectionDecide',
        id: `${x.id}`,
        projectId: x.projectId,
        link: itemLinks.selectionResults(x.projectId, x.id),
        since: `instance:${x.instanceId}`,
      })),
      ...work.recovery.toAccept.map((r) => ({
        what: `accept the corrective plan of ${r.project}`,
        kind: 'recovery',
        id: `${r.projectId}.${r.revision}`,
        projectId: r.projectId,
        link: itemLinks.recoveryPlan(r.projectId),
        since: `instance:${r.instanceId}`,
      })),
      ...work.changes.toDecide.map((c) => ({
        what: `decide ${c.key}: ${c.title}`,
        kind: 'change',
        id: `${c.id}`,
        projectId: c.projectId,
        link: itemLinks.change(c.projectId, c.id),
        since: `instance:${c.instanceId}`,
      })),
    ];
    for (const item of items) if (item.since?.startsWith('instance:')) instanceIds.add(Number(item.since.slice(9)));
    if (items.length) waiting.set(person.id, items);
  }
  // A gate waits from its (latest) review request, a sign-off from its (latest) submission, a change
  // request's decision from its (latest) assessment, a corrective plan from its (latest) saving, an E3 baseline from its
  // (latest) configuration and a review from its start, a selection's decision from its review (the
  // last sheet's SUBMIT, or the PM's CLOSE_SCORING). A score sheet owed is listed in My work, not reminded:
  // its events cannot tell when this evaluator's wait began (another's SUBMIT is the same event).
  const requested = latestEventAt(tx, [...instanceIds], ['REQUEST_REVIEW', 'SUBMIT', 'ASSESS', 'SAVE_PLAN', 'CONFIGURE', 'START_REVIEW', 'CLOSE_SCORING']);
  let told = 0;
  for (const [userId, items] of waiting) {
    for (const item of items) {
      const since = item.since?.startsWith('instance:') ? requested.get(Number(item.since.slice(9))) : item.since;
      if (!since) continue;
      const sinceDay = since.slice(0, 10);
      const age = daysFrom(sinceDay, day);
      if (age < every) continue;
      told += notify(tx, {
        userIds: [userId],
        projectId: item.projectId,
        kind: 'reminder',
        title: `Reminder: ${item.what}`,
        body: `This has waited on you for ${plural(age, 'day')}, since ${sinceDay}.`,
        link: item.link,
        // Once per window of `every` days, counted from the day the wait began (a new setting starts its own windows).
        key: `reminder:${item.kind}:${item.id}:${sinceDay}:${every}:${Math.floor(age / every)}`,
        at,
      });
    }
  }
  return told;
}
