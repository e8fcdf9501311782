import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { programmeEvents, programmePeriods, programmeResults } from '~/db/schema';
import type { PeriodData } from './kpis';

/** A period as people write it: 2025-Q1 (quarter), 2025-M07 (month) or 2025-H1 (half year); sorts in time order. */
export const periodPattern = /^\d{4}-(Q[1-4]|M(0[1-9]|1[0-2])|H[12])$/;

/** The periods uploaded for a project, oldest first. */
export function programmePeriodsOf(conn: Conn, projectId: number) {
  return conn.select().from(programmePeriods).where(eq(programmePeriods.projectId, projectId)).orderBy(asc(programmePeriods.period)).all();
}

/** The stored data of the named periods (all when none are named), oldest first, as the KPI functions read it. */
export function programmeData(conn: Conn, projectId: number, only?: string[]): PeriodData[] {
  const periods = programmePeriodsOf(conn, projectId).filter((p) => !only || only.includes(p.period));
  if (periods.length === 0) return [];
  const ids = periods.map((p) => p.id);
  const results = conn.select().from(programmeResults).where(inArray(programmeResults.periodId, ids)).orderBy(asc(programmeResults.id)).all();
  const events = conn.select().from(programmeEvents).where(inArray(programmeEvents.periodId, ids)).orderBy(asc(programmeEvents.id)).all();
  return periods.map((p) => ({
    period: p.period,
    closeDate: p.closeDate,
    paymentDate: p.paymentDate,
    results: results
      .filter((r) => r.periodId === p.id)
      .map((r) => ({
        participant: r.participant,
        component: r.component,
        payout: r.payout,
        capped: r.capped === 1,
        quota: r.quota,
        creditedRevenue: r.creditedRevenue,
      })),
    events: events
      .filter((e) => e.periodId === p.id)
      .map((e) => ({ kind: e.kind, participant: e.participant, amount: e.amount, raisedOn: e.raisedOn, resolvedOn: e.resolvedOn })),
  }));
}

/** One period row of a project, or undefined. */
export const programmePeriodOf = (conn: Conn, projectId: number, period: string) =>
  conn
    .select()
    .from(programmePeriods)
    .where(and(eq(programmePeriods.projectId, projectId), eq(programmePeriods.period, period)))
    .get();
