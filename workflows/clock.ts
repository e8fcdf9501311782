export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const dayMs = 86_400_000;

/**
 * How far the portal's clock runs from the real one: none, unless PORTAL_TODAY names the day it is to
 * be (the tests read the dated demo history as of its last day, so what they assert does not drift with
 * the calendar). The whole clock moves, not only the date pages judge against: what a command stamps and
 * what a page reads as "today" stay on the same calendar, and sessions age as they would.
 */
function offsetMs(): number {
  const pinned = process.env.PORTAL_TODAY;
  if (!pinned) return 0;
  const real = Date.now();
  return Date.parse(`${pinned}T00:00:00Z`) - Math.floor(real / dayMs) * dayMs;
}

/** Commands take an optional `now` so seeds can replay history at its real dates; otherwise it is now. */
export const nowOf = (now?: Date) => now ?? new Date(Date.now() + offsetMs());

/** The calendar day pages and commands judge "overdue", "age" and "status" against. */
export const today = () => isoDay(nowOf());

/** The day of a command: the day a seed replays, else today. */
export const dayOf = (now?: Date) => isoDay(nowOf(now));

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}
