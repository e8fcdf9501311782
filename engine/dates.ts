/**
 * Calendar days and plan periods. A day is an integer: days since 1970-01-01 (UTC calendar, no
 * time zones). Periods are ISO weeks, two-week cycles, months, quarters or years; the engine buckets
 * credit by time segments (engine/segments.ts), the pieces between the boundaries of every period in
 * a run, and sums segments into periods.
 */
export type PeriodKind = 'week' | 'two_weeks' | 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  /** e.g. "2026-03", "2026-Q1", "2026", "2026-W05", "2026-01-05/P2W" */
  label: string;
  /**
   * the year a period belongs to for period-to-date and "annual / periods a year": the calendar year;
   * for a week its ISO week-year; for a two-week cycle the calendar year of its first day
   */
  year: number;
  /** first absolute month (year * 12 + month - 1); for weeks and two-week cycles the month of `start` */
  firstMonth: number;
  /** number of months: 1, 3 or 12; 0 for weeks and two-week cycles, which are not whole months */
  months: number;
  /** first day (inclusive) */
  start: number;
  /** last day (inclusive) */
  end: number;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayOf(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Strict ISO date (YYYY-MM-DD) to a day number, or null when it is not a real calendar date. */
export function parseDate(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const day = dayOf(y, mo, d);
  const back = new Date(day * DAY_MS);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return day;
}

export function formatDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Absolute month of a day. */
export function monthOfDay(day: number): number {
  const dt = new Date(day * DAY_MS);
  return dt.getUTCFullYear() * 12 + dt.getUTCMonth();
}

export function monthStart(absMonth: number): number {
  return dayOf(Math.floor(absMonth / 12), (absMonth % 12) + 1, 1);
}

type MonthKind = 'month' | 'quarter' | 'year';
const MONTHS_OF: Record<MonthKind, number> = { month: 1, quarter: 3, year: 12 };

/** 0 = Monday ... 6 = Sunday; day 0 (1970-01-01) was a Thursday */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Monday of ISO week 1 of an ISO week-year: the week that holds 4 January. */
function isoYearStart(year: number): number {
  const jan4 = dayOf(year, 1, 4);
  return jan4 - weekday(jan4);
}

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function makePeriod(kind: MonthKind, firstMonth: number): Period {
  const months = MONTHS_OF[kind];
  const year = Math.floor(firstMonth / 12);
  const m0 = firstMonth % 12;
  const label = kind === 'year' ? `${year}` : kind === 'quarter' ? `${year}-Q${m0 / 3 + 1}` : `${year}-${String(m0 + 1).padStart(2, '0')}`;
  return { kind, label, year, firstMonth, months, start: monthStart(firstMonth), end: monthStart(firstMonth + months) - 1 };
}

/** The ISO week starting on a Monday; its Thursday decides the week-year. */
function makeWeek(monday: number): Period {
  const year = yearOfDay(monday + 3);
  const n = (monday - isoYearStart(year)) / 7 + 1;
  return { kind: 'week', label: `${year}-W${String(n).padStart(2, '0')}`, year, firstMonth: monthOfDay(monday), months: 0, start: monday, end: monday + 6 };
}

/**
 * The two-week cycle starting on a day. Its label is its first day and length in ISO 8601 interval
 * form ("2026-01-05/P2W"): it names the cycle without knowing the plan's anchor, so quota files and
 * --period parse it alone.
 */
function makeCycle(start: number): Period {
  return { kind: 'two_weeks', label: `${formatDate(start)}/P2W`, year: yearOfDay(start), firstMonth: monthOfDay(start), months: 0, start, end: start + 13 };
}

/** The period of a kind that starts on a day (the caller knows the day is a period start). */
function periodStartingAt(kind: PeriodKind, day: number): Period {
  if (kind === 'week') return makeWeek(day);
  if (kind === 'two_weeks') return makeCycle(day);
  return makePeriod(kind, monthOfDay(day));
}

/** The period of a kind that holds a day; two-week cycles repeat every 14 days from `anchor` both ways. */
export function periodContaining(kind: PeriodKind, day: number, anchor = 0): Period {
  if (kind === 'week') return makeWeek(day - weekday(day));
  if (kind === 'two_weeks') return makeCycle(anchor + Math.floor((day - anchor) / 14) * 14);
  const m = monthOfDay(day);
  return makePeriod(kind, m - (m % MONTHS_OF[kind]));
}

const PERIOD_RE = /^(\d{4})(?:-(?:Q([1-4])|(\d{2})|W(\d{2})))?$/;
const CYCLE_RE = /^(\d{4}-\d{2}-\d{2})\/P2W$/;

/** "2026", "2026-Q1", "2026-03", "2026-W05" or "2026-01-05/P2W" to a period, or null. */
export function parsePeriod(text: string): Period | null {
  const t = text.trim();
  const c = CYCLE_RE.exec(t);
  if (c) {
    const day = parseDate(c[1] ?? '');
    return day === null ? null : makeCycle(day);
  }
  const m = PERIOD_RE.exec(t);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] !== undefined) return makePeriod('quarter', year * 12 + (Number(m[2]) - 1) * 3);
  if (m[3] !== undefined) {
    const mo = Number(m[3]);
    if (mo < 1 || mo > 12) return null;
    return makePeriod('month', year * 12 + mo - 1);
  }
  if (m[4] !== undefined) {
    const w = Number(m[4]);
    if (w < 1 || w > (isoYearStart(year + 1) - isoYearStart(year)) / 7) return null;
    return makeWeek(isoYearStart(year) + (w - 1) * 7);
  }
  return makePeriod('year', year * 12);
}

/**
 * A period or a range "2026-01..2026-06" (both ends of the same kind, start not after end) to the
 * ordered list of periods it covers.
 */
export function parsePeriodSpec(text: string): { ok: true; value: Period[] } | { ok: false; error: string } {
  const parts = text.split('..');
  if (parts.length > 2) return { ok: false, error: `period "${text}": use one period or a range like 2026-01..2026-06` };
  const a = parsePeriod(parts[0] ?? '');
  const b = parts.length === 2 ? parsePeriod(parts[1] ?? '') : a;
  if (!a || !b) return { ok: false, error: `period "${text}": expected 2026, 2026-Q1, 2026-03, 2026-W05, 2026-01-05/P2W or a range of them` };
  if (a.kind !== b.kind) return { ok: false, error: `period "${text}": both ends of a range must be the same kind` };
  if (b.start < a.start) return { ok: false, error: `period "${text}": the range ends before it starts` };
  if (a.kind === 'two_weeks' && (b.start - a.start) % 14 !== 0)
    return { ok: false, error: `period "${text}": the two cycles are not a whole number of 14-day cycles apart` };
  const out: Period[] = [];
  for (let p = a; p.start <= b.start; p = periodStartingAt(a.kind, p.end + 1)) out.push(p);
  return { ok: true, value: out };
}

/** The periods of a kind covering days [from, toExclusive), or null when they do not begin and end on its boundaries. */
export function periodsCovering(kind: PeriodKind, from: number, toExclusive: number, anchor = 0): Period[] | null {
  let p = periodContaining(kind, from, anchor);
  if (p.start !== from) return null;
  const out: Period[] = [];
  for (; p.start < toExclusive; p = periodStartingAt(kind, p.end + 1)) out.push(p);
  const last = out[out.length - 1];
  return last && last.end !== toExclusive - 1 ? null : out;
}

/**
 * First day of the year a period belongs to (see `Period.year`): 1 January; for weeks the Monday of
 * ISO week 1; for two-week cycles the first cycle starting in the calendar year.
 */
export function yearStartOf(p: Period): number {
  if (p.kind === 'week') return isoYearStart(p.year);
  const jan1 = dayOf(p.year, 1, 1);
  if (p.kind === 'two_weeks') return p.start - Math.floor((p.start - jan1) / 14) * 14;
  return jan1;
}

/** Periods in the year of a period: 12, 4 or 1; 52 or 53 ISO weeks; 26 or 27 two-week cycles. */
export function periodsPerYear(p: Period): number {
  if (p.kind === 'week') return (isoYearStart(p.year + 1) - isoYearStart(p.year)) / 7;
  if (p.kind === 'two_weeks') return Math.floor((dayOf(p.year + 1, 1, 1) - 1 - yearStartOf(p)) / 14) + 1;
  return 12 / MONTHS_OF[p.kind];
}

export type ProrationMethod = 'calendar_days' | 'whole_months' | 'working_days' | 'none';

/** Mondays to Fridays among days [from, to] (inclusive); day 0 (1970-01-01) was a Thursday. */
export function workingDays(from: number, to: number): number {
  if (to < from) return 0;
  const n = to - from + 1;
  let count = Math.floor(n / 7) * 5;
  for (let d = from + Math.floor(n / 7) * 7; d <= to; d++) if (weekday(d) < 5) count++;
  return count;
}

/**
 * The part of a period [start, end] a participant active on [from, to] is prorated by, as
 * [active units, units in the period], by the plan's method: calendar days, whole months (a month
 * counts when the participant is active on its 15th) or working days (Monday to Friday).
 */
export function prorationUnits(method: ProrationMethod, start: number, end: number, from: number, to: number): [number, number] {
  const f = Math.max(from, start);
  const t = Math.min(to, end);
  if (method === 'whole_months') {
    let active = 0;
    let total = 0;
    for (let m = monthOfDay(start); m <= monthOfDay(end); m++) {
      const mid = monthStart(m) + 14;
      total++;
      if (mid >= f && mid <= t) active++;
    }
    return [active, total];
  }
  if (method === 'working_days') return [workingDays(f, t), workingDays(start, end)];
  return [t < f ? 0 : t - f + 1, end - start + 1];
}

/** The unit of a proration method, for explanations: "days", "months", "working days". */
export function prorationUnit(method: ProrationMethod): string {
  return method === 'whole_months' ? 'months' : method === 'working_days' ? 'working days' : 'days';
}

/** The same day of the month n months later (n may be negative), or the month's last day when it is shorter. */
export function addMonths(day: number, n: number): number {
  const dt = new Date(day * DAY_MS);
  const m = dt.getUTCFullYear() * 12 + dt.getUTCMonth() + n;
  const last = monthStart(m + 1) - 1;
  return Math.min(monthStart(m) + dt.getUTCDate() - 1, last);
}
