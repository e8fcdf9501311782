import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { changeRequests, milestoneMoves, milestones, phases, scheduleBaselineItems, scheduleBaselines } from '~/db/schema';
import { emitAudit } from '../audit';
import { addDays } from '../clock';
import { invalid } from '../errors';
import type { ScheduleImpact } from '../machines/change-request';
import type { Actor } from '../policy/roles';

/**
 * Schedule baselines (issue 14): the PM freezes the phases' planned dates and the milestones' due
 * dates; any later date is read against a baseline as a slip in days. An approved change request moves
 * its milestones here, each move recorded against the baseline current at the time.
 */

/** Whole days from one ISO day to another (positive: later). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The project's baselines, newest first. */
export const baselinesOf = (conn: Conn, projectId: number) =>
  conn.select().from(scheduleBaselines).where(eq(scheduleBaselines.projectId, projectId)).orderBy(desc(scheduleBaselines.number)).all();

/** Freezes the project's phase and milestone dates as its next baseline, audited. */
export function takeBaseline(tx: Tx, actor: Actor, at: Date, projectId: number, note: string) {
  const number = (baselinesOf(tx, projectId)[0]?.number ?? 0) + 1;
  const baseline = tx.insert(scheduleBaselines).values({ projectId, number, note, takenBy: actor.id, takenAt: at.toISOString() }).returning().get();
  const ps = tx.select().from(phases).where(eq(phases.projectId, projectId)).orderBy(asc(phases.position)).all();
  const ms = tx.select().from(milestones).where(eq(milestones.projectId, projectId)).orderBy(asc(milestones.dueDate), asc(milestones.id)).all();
  const items = [
    ...ps.map((p) => ({
      baselineId: baseline.id,
      kind: 'phase' as const,
      phaseId: p.id,
      milestoneId: null,
      name: p.name,
      start: p.plannedStart,
      end: p.plannedEnd,
    })),
    ...ms.map((m) => ({
      baselineId: baseline.id,
      kind: 'milestone' as const,
      phaseId: m.phaseId,
      milestoneId: m.id,
      name: m.name,
      start: null,
      end: m.dueDate,
    })),
  ];
  if (items.length) tx.insert(scheduleBaselineItems).values(items).run();
  emitAudit(tx, {
    at,
    actor,
    projectId,
    action: 'schedule.baseline_taken',
    subjectType: 'schedule_baseline',
    subjectId: number,
    after: { number, note, phases: ps.length, milestones: ms.length },
  });
  return baseline;
}

export type SlipRow = {
  kind: 'phase' | 'milestone';
  id: number;
  name: string;
  /** the baseline's end (a phase's planned end, a milestone's due date); null when the item is newer than the baseline */
  baseline: string | null;
  current: string;
  /** current - baseline in days; null when not in the baseline */
  slipDays: number | null;
  /** change requests' moves (`key`) and the PM's own (`key` null, with the reason) */
  moves: { key: string | null; reason: string; days: number; from: string; to: string }[];
};

/** Every phase and milestone now against a baseline (the latest when none is named): the slip of each in days. */
export function scheduleAgainst(conn: Conn, projectId: number, baselineId: number | null) {
  const all = baselinesOf(conn, projectId);
  const baseline = baselineId === null ? (all[0] ?? null) : (all.find((b) => b.id === baselineId) ?? null);
  if (baselineId !== null && !baseline) throw invalid('Choose a baseline of this project.', { baseline: 'Choose a baseline of this project.' });
  const items = baseline ? conn.select().from(scheduleBaselineItems).where(eq(scheduleBaselineItems.baselineId, baseline.id)).all() : [];
  const phaseEnd = new Map(items.filter((i) => i.kind === 'phase').map((i) => [i.phaseId, i.end]));
  const dueOn = new Map(items.filter((i) => i.kind === 'milestone').map((i) => [i.milestoneId, i.end]));
  const moves = movesOf(conn, projectId);
  const ps = conn.select().from(phases).where(eq(phases.projectId, projectId)).orderBy(asc(phases.position)).all();
  const ms = conn.select().from(milestones).where(eq(milestones.projectId, projectId)).orderBy(asc(milestones.dueDate), asc(milestones.id)).all();
  const row = (kind: SlipRow['kind'], id: number, name: string, base: string | undefined, current: string): SlipRow => ({
    kind,
    id,
    name,
    baseline: base ?? null,
    current,
    slipDays: base === undefined ? null : daysBetween(base, current),
    moves: kind === 'milestone' ? moves.filter((m) => m.milestoneId === id).map(({ key, reason, days, from, to }) => ({ key, reason, days, from, to })) : [],
  });
  return {
    baseline,
    baselines: all,
    rows: [
      ...ps.map((p) => row('phase', p.id, p.name, phaseEnd.get(p.id), p.plannedEnd)),
      ...ms.map((m) => row('milestone', m.id, m.name, dueOn.get(m.id), m.dueDate)),
    ],
  };
}

/** Two baselines side by side: each item's end in both and the difference in days. */
export function compareBaselines(conn: Conn, projectId: number, aId: number, bId: number) {
  const all = baselinesOf(conn, projectId);
  const a = all.find((x) => x.id === aId);
  const b = all.find((x) => x.id === bId);
  if (!a || !b) throw invalid('Choose two baselines of this project.', { compare: 'Choose two baselines of this project.' });
  const items = conn
    .select()
    .from(scheduleBaselineItems)
    .where(inArray(scheduleBaselineItems.baselineId, [a.id, b.id]))
    .all();
  const keyOf = (i: (typeof items)[number]) => (i.kind === 'phase' ? `p${i.phaseId}` : `m${i.milestoneId}`);
  const inA = new Map(items.filter((i) => i.baselineId === a.id).map((i) => [keyOf(i), i]));
  const inB = new Map(items.filter((i) => i.baselineId === b.id).map((i) => [keyOf(i), i]));
  const keys = [...new Set([...inA.keys(), ...inB.keys()])];
  return {
    a,
    b,
    rows: keys.map((k) => {
      const x = inA.get(k);
      const y = inB.get(k);
      const item = (y ?? x)!;
      return { kind: item.kind, name: item.name, a: x?.end ?? null, b: y?.end ?? null, days: x && y ? daysBetween(x.end, y.end) : null };
    }),
  };
}

function movesOf(conn: Conn, projectId: number) {
  return conn
    .select({
      milestoneId: milestoneMoves.milestoneId,
      days: milestoneMoves.days,
      from: milestoneMoves.fromDate,
      to: milestoneMoves.toDate,
      /** the change request's key, or null for the PM's own move (its `reason` says why) */
      key: changeRequests.key,
      reason: milestoneMoves.reason,
    })
    .from(milestoneMoves)
    .leftJoin(changeRequests, eq(changeRequests.id, milestoneMoves.changeRequestId))
    .where(eq(milestoneMoves.projectId, projectId))
    .orderBy(asc(milestoneMoves.id))
    .all();
}

/** The milestones of a schedule impact, all of this project (else the field at fault is named). */
export function milestonesOfImpact(conn: Conn, projectId: number, schedule: ScheduleImpact[]) {
  if (schedule.length === 0) return [];
  const found = conn
    .select()
    .from(milestones)
    .where(
      and(
        eq(milestones.projectId, projectId),
        inArray(
          milestones.id,
          schedule.map((s) => s.milestoneId),
        ),
      ),
    )
    .all();
  if (found.length !== new Set(schedule.map((s) => s.milestoneId)).size)
    throw invalid('Check the highlighted fields.', { schedule: 'Choose milestones of this project.' });
  return found;
}

/**
 * Moves the milestones of an approved change request by their days, each move recorded (from, to,
 * the change, the baseline current now) and audited with the dates before and after.
 */
export function moveMilestones(tx: Tx, actor: Actor, at: Date, change: { id: number; key: string; projectId: number }, schedule: ScheduleImpact[]) {
  const found = milestonesOfImpact(tx, change.projectId, schedule);
  for (const s of schedule) {
    const m = found.find((x) => x.id === s.milestoneId)!;
    moveMilestone(tx, actor, at, m, addDays(m.dueDate, s.days), { change });
  }
}

/**
 * One milestone moved to a new due date: the move recorded against the baseline current now, by a
 * change request or with the PM's reason, and audited with the dates before and after.
 */
export function moveMilestone(
  tx: Tx,
  actor: Actor,
  at: Date,
  m: { id: number; projectId: number; name: string; dueDate: string },
  to: string,
  why: { change: { id: number; key: string } } | { reason: string },
) {
  const baseline = baselinesOf(tx, m.projectId)[0] ?? null;
  const days = daysBetween(m.dueDate, to);
  const change = 'change' in why ? why.change : null;
  const reason = 'reason' in why ? why.reason : '';
  tx.update(milestones).set({ dueDate: to }).where(eq(milestones.id, m.id)).run();
  tx.insert(milestoneMoves)
    .values({
      projectId: m.projectId,
      milestoneId: m.id,
      changeRequestId: change?.id ?? null,
      reason,
      fromDate: m.dueDate,
      toDate: to,
      days,
      baselineId: baseline?.id ?? null,
      movedBy: actor.id,
      movedAt: at.toISOString(),
    })
    .run();
  const moved = `${m.name} moved ${days > 0 ? 'later' : 'earlier'} by ${Math.abs(days)} day(s)`;
  emitAudit(tx, {
    at,
    actor,
    projectId: m.projectId,
    action: change ? 'milestone.moved' : 'milestone.rescheduled',
    subjectType: 'milestone',
    subjectId: m.id,
    before: { dueDate: m.dueDate },
    after: change
      ? { dueDate: to, days, changeRequest: change.key, baseline: baseline?.number ?? null }
      : { dueDate: to, days, reason, baseline: baseline?.number ?? null },
    detail: change ? `${moved} by ${change.key}.` : `${moved}${reason ? `: ${reason}` : ''}.`,
  });
  return days;
}
