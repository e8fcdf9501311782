import type { RaidType } from '~/db/schema';

/**
 * When a RAID item is overdue: the one definition the grid, the export and (later) the project's RAG
 * status read. An open item is overdue when the day it is held to has passed: a risk's next review, an
 * assumption's validate-by date, an issue's or an action's due date. A closed item never is; dependencies
 * and decisions have no such date. The day itself is not overdue yet; the day after is.
 */
export type OverdueFacts = {
  type: RaidType;
  status: string;
  nextReviewDate: string | null;
  validateBy: string | null;
  dueDate: string | null;
};

/** The date an item is held to (null: it has none), and what that date is called. */
export function raidDeadlineOf(item: Omit<OverdueFacts, 'status'>): { date: string; label: string } | null {
  switch (item.type) {
    case 'risk':
      return item.nextReviewDate ? { date: item.nextReviewDate, label: 'next review' } : null;
    case 'assumption':
      return item.validateBy ? { date: item.validateBy, label: 'validate by' } : null;
    case 'issue':
    case 'action':
      return item.dueDate ? { date: item.dueDate, label: 'due' } : null;
    default:
      return null;
  }
}

/** Is this item overdue on `today` (YYYY-MM-DD)? */
export function isRaidOverdue(item: OverdueFacts, today: string): boolean {
  if (item.status !== 'open') return false;
  const deadline = raidDeadlineOf(item);
  return deadline !== null && deadline.date < today;
}

/** The rule in words, for the pages that show it. */
export const raidOverdueRule =
  'An open item is overdue the day after its date: a risk’s next review, an assumption’s validate-by date, an issue’s or an action’s due date.';
