/** Commands take an optional `now` so seeds can replay history at its real dates; otherwise it is now. */
export const nowOf = (now?: Date) => now ?? new Date();

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The calendar day pages and commands judge "overdue", "age" and "status" against. PORTAL_TODAY pins it
 * (the tests read the dated demo history as of one day, so what they assert does not drift with the
 * real calendar); without it, it is the real day.
 */
export const today = () => process.env.PORTAL_TODAY || isoDay(new Date());

/** The day of a command: the day a seed replays, else today. */
export const dayOf = (now?: Date) => (now ? isoDay(now) : today());

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}
