import { eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { milestones } from '~/db/schema';
import { scheduleAgainst } from '../changes/schedule';

export type PlanMilestone = {
  id: number;
  name: string;
  /** Its date in the corrective plan's baseline. */
  planned: string;
  current: string;
  doneOn: string | null;
  /** met: reached on or before its planned date; slipped: reached later, moved later, or past its planned date and not reached. */
  standing: 'met' | 'slipped' | 'upcoming';
};

/**
 * Progress against the corrective plan: each milestone of the plan's schedule baseline, read through
 * the schedule's own slip (`scheduleAgainst`) and the milestone's reached date, on `today`.
 */
export function progressAgainstPlan(conn: Conn, projectId: number, baselineId: number, today: string) {
  const against = scheduleAgainst(conn, projectId, baselineId);
  const done = new Map(
    conn
      .select({ id: milestones.id, doneOn: milestones.doneOn })
      .from(milestones)
      .where(eq(milestones.projectId, projectId))
      .all()
      .map((m) => [m.id, m.doneOn]),
  );
  const rows: PlanMilestone[] = against.rows
    .filter((r) => r.kind === 'milestone' && r.baseline !== null)
    .map((r) => {
      const planned = r.baseline!;
      const doneOn = done.get(r.id) ?? null;
      const standing = doneOn ? (doneOn <= planned ? 'met' : 'slipped') : r.current > planned || planned < today ? 'slipped' : 'upcoming';
      return { id: r.id, name: r.name, planned, current: r.current, doneOn, standing };
    });
  return {
    rows,
    met: rows.filter((r) => r.standing === 'met').length,
    slipped: rows.filter((r) => r.standing === 'slipped').length,
    /** Milestones whose planned date has come: met or slipped by now. */
    due: rows.filter((r) => r.planned <= today || r.standing !== 'upcoming').length,
  };
}

/** The Monday of the week a day falls in: the week a progress entry is logged for. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}
