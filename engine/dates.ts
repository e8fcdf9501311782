/**
 * Calendar days and plan periods. A day is an integer: days since 1970-01-01 (UTC calendar, no
 * time zones). Periods are months, quarters or years; every period is a whole number of months, so
 * the engine buckets credit by absolute month (year * 12 + month - 1) and sums months into periods.
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  /** e.g. "2026-03", "2026-Q1", "2026" */
  label: string;
  year: number;
  /** first absolute month (year * 12 + month - 1) */
  firstMonth: number;
  /** number of months: 1, 3 or 12 */
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

const MONTHS_OF: Record<PeriodKind, number> = { month: 1, quarter: 3, year: 12 };

function makePeriod(kind: PeriodKind, firstMonth: number): Period {
  const months = MONTHS_OF[kind];
  const year = Math.floor(firstMonth / 12);
  const m0 = firstMonth % 12;
  const label = kind === 'year' ? `${year}` : kind === 'quarter' ? `${year}-Q${m0 / 3 + 1}` : `${year}-${String(m0 + 1).padStart(2, '0')}`;
  return { kind, label, year, firstMonth, months, start: monthStart(firstMonth), end: monthStart(firstMonth + months) - 1 };
}

const PERIOD_RE = /^(\d{4})(?:-(?:Q([1-4])|(\d{2})))?$/;

/** "2026", "2026-Q1" or "2026-03" to a period, or null. */
export function parsePeriod(text: string): Period | null {
  const m = PERIOD_RE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] !== undefined) return makePeriod('quarter', year * 12 + (Number(m[2]) - 1) * 3);
  if (m[3] !== undefined) {
    const mo = Number(m[3]);
    if (mo < 1 || mo > 12) return null;
    return makePeriod('month', year * 12 + mo - 1);
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
  if (!a || !b) return { ok: false, error: `period "${text}": expected 2026, 2026-Q1, 2026-03 or a range of them` };
  if (a.kind !== b.kind) return { ok: false, error: `period "${text}": both ends of a range must be the same kind` };
  if (b.firstMonth < a.firstMonth) return { ok: false, error: `period "${text}": the range ends before it starts` };
  const out: Period[] = [];
  for (let m = a.firstMonth; m <= b.firstMonth; m += a.months) out.push(makePeriod(a.kind, m));
  return { ok: true, value: out };
}

/** The periods of a kind covering months [firstMonth, endMonthExclusive), or null when not aligned. */
export function periodsCovering(kind: PeriodKind, firstMonth: number, endMonthExclusive: number): Period[] | null {
  const months = MONTHS_OF[kind];
  if (firstMonth % months !== 0 || endMonthExclusive % months !== 0) return null;
  const out: Period[] = [];
  for (let m = firstMonth; m < endMonthExclusive; m += months) out.push(makePeriod(kind, m));
  return out;
}

/** Fraction of a year one period is: 1/12, 1/4 or 1 as [numerator, denominator]. */
export function periodsPerYear(kind: PeriodKind): number {
  return 12 / MONTHS_OF[kind];
}

export type ProrationMethod = 'calendar_days' | 'whole_months' | 'working_days' | 'none';

/** Mondays to Fridays among days [from, to] (inclusive); day 0 (1970-01-01) was a Thursday. */
export function workingDays(from: number, to: number): number {
  if (to < from) return 0;
  const weekday = (d: number) => (((d + 3) % 7) + 7) % 7; // 0 = Monday ... 6 = Sunday
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
