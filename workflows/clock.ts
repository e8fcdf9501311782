/** Commands take an optional `now` so seeds can replay history at its real dates; otherwise it is now. */
export const nowOf = (now?: Date) => now ?? new Date();

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}
