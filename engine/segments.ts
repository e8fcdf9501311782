/**
 * Time segments: credit is bucketed by segment, and a plan period is a contiguous range of segments.
 * The segments of a run are the months of its span, cut further at every boundary of every period of
 * every plan in it, so each period starts and ends on a boundary. With only month-based plans the
 * segments are exactly the months, as before weekly periods existed (same sums, same speed); a weekly
 * plan adds the week boundaries (a week straddling a month end is two segments).
 */
import type { Period } from './dates';
import { monthOfDay, monthStart } from './dates';

/**
 * The first day of each segment, then the day after the last: the month starts and the periods'
 * starts and ends, clipped to [from, toExclusive).
 */
export function segmentBounds(periods: Iterable<Period>, from: number, toExclusive: number): number[] {
  const days = new Set<number>([from, toExclusive]);
  for (let m = monthOfDay(from) + 1; monthStart(m) < toExclusive; m++) days.add(monthStart(m));
  for (const p of periods) {
    if (p.start > from && p.start < toExclusive) days.add(p.start);
    if (p.end + 1 > from && p.end + 1 < toExclusive) days.add(p.end + 1);
  }
  return [...days].sort((a, b) => a - b);
}

/**
 * The segment a boundary day starts (the number of segments before it): 0 for a day at or before
 * the first boundary, the segment count for the last one. Days inside a segment are not asked for.
 */
export function segmentAt(bounds: readonly number[], day: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  if (day <= (bounds[0] as number)) return 0;
  if (day >= (bounds[hi] as number)) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((bounds[mid] as number) <= day) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** For each day of [bounds[0], last bound), the index of its segment. */
export function daySegments(bounds: readonly number[]): Int16Array {
  const first = bounds[0] as number;
  const out = new Int16Array((bounds[bounds.length - 1] as number) - first);
  for (let s = 0; s + 1 < bounds.length; s++) out.fill(s, (bounds[s] as number) - first, (bounds[s + 1] as number) - first);
  return out;
}
