/**
 * Business days for service levels: Monday to Friday, less any holidays the caller names. Days are
 * ISO calendar dates (YYYY-MM-DD, UTC calendar, no time zones), like every due date in the portal.
 *
 * "Within N business days of D" means on or before addBusinessDays(D, N): the day D itself does not
 * count, the next N working days do. A defect opened on a Friday with 3 business days is due the
 * next Wednesday; one opened on a Saturday is due the Wednesday too (the weekend gives no days).
 */
import { addDays } from '~/workflows/clock';

const dayOfWeek = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

type Holidays = ReadonlySet<string> | readonly string[];
const asSet = (holidays: Holidays = []) => (holidays instanceof Set ? holidays : new Set(holidays as readonly string[]));

/** A weekday that is not one of the holidays. */
export function isBusinessDay(day: string, holidays?: Holidays): boolean {
  const dow = dayOfWeek(day);
  return dow !== 0 && dow !== 6 && !asSet(holidays).has(day);
}

/** The day N business days after `day` (N >= 0; N = 0 is the day itself, whatever day it is). */
export function addBusinessDays(day: string, n: number, holidays?: Holidays): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number of at least 0, not ${n}`);
  const off = asSet(holidays);
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isBusinessDay(d, off)) left--;
  }
  return d;
}

/**
 * Business days after `from` up to and including `to` (negative when `to` is earlier), so that
 * businessDaysBetween(d, addBusinessDays(d, n)) = n. A Friday to the next Monday is 1.
 */
export function businessDaysBetween(from: string, to: string, holidays?: Holidays): number {
  if (to < from) return -businessDaysBetween(to, from, holidays);
  const off = asSet(holidays);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d, off)) count++;
  return count;
}
