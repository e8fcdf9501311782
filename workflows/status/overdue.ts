import { daysBetween } from '../changes/schedule';

/**
 * When a milestone and a phase are late: the one definition the status rules, the overview's figure,
 * the overdue notices and My work read (RAID items have theirs in raid/overdue.ts, vendor deliverables
 * in vendors/criteria.ts). The due day itself is not late yet; the day after is.
 */

/** A milestone not reached whose due date has passed. */
export const isMilestoneOverdue = (m: { dueDate: string; doneOn: string | null }, today: string) => !m.doneOn && m.dueDate < today;

/** A phase under way (started, not approved) whose planned end has passed: its gate is late. */
export const isPhaseOverdue = (p: { state: string; plannedEnd: string }, today: string) =>
  p.state !== 'approved' && p.state !== 'notStarted' && p.plannedEnd < today;

/** How many days late something due on `due` is on `today` (0 on the due day). */
export const daysLate = (due: string, today: string) => Math.max(0, daysBetween(due, today));

/**
 * An E3 cycle whose next cadence review is past its due day and not signed (issue 17): due from the
 * baseline's signature (then from the last review's due day) by the cycle's cadence.
 */
export const isE3ReviewOverdue = (c: { state: string; nextReviewDue: string | null }, today: string) =>
  c.state !== 'establishing' && c.nextReviewDue !== null && c.nextReviewDue < today;
