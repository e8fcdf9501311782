import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { type CommitmentStatus, commitments, defects, users, vendorFirms, workflowEvents } from '~/db/schema';
import { addBusinessDays } from './business-days';

/**
 * A commitment's status: a dated one as the PM recorded it (open until then); a defect service level
 * computed from the defects assigned to the firm's people: each defect of the severity or worse must be
 * fixed within the business days of being logged. One definition, for the pages and the scorecard.
 */

export type SlaDefect = { key: string; severity: number; logged: string; deadline: string; fixed: string | null; status: CommitmentStatus };
export type CommitmentStanding = typeof commitments.$inferSelect & {
  firm: string;
  /** The status that counts: recorded, or computed for a defect service level. */
  standing: CommitmentStatus;
  /** What it rests on, in words. */
  why: string;
  defects: SlaDefect[];
};

export function commitmentStandings(conn: Conn, projectId: number, today: string, firmScope: number | null | 'none'): CommitmentStanding[] {
  if (firmScope === 'none') return [];
  const rows = conn
    .select({ c: commitments, firm: vendorFirms.name })
    .from(commitments)
    .innerJoin(vendorFirms, eq(vendorFirms.id, commitments.firmId))
    .where(and(eq(commitments.projectId, projectId), firmScope === null ? undefined : eq(commitments.firmId, firmScope)))
    .orderBy(asc(commitments.dueDate), asc(commitments.id))
    .all();
  return rows.map(({ c, firm }) => {
    if (c.kind === 'dated')
      return {
        ...c,
        firm,
        standing: c.status,
        why:
          c.status === 'open'
            ? `due ${c.dueDate ?? 'without a date'}`
            : `${c.status} (recorded ${c.recordedAt?.slice(0, 10) ?? ''})${c.statusNote ? `: ${c.statusNote}` : ''}`,
        defects: [],
      };
    const list = slaDefects(conn, projectId, c.firmId, c.severity ?? 1, c.businessDays ?? 0, today);
    const missed = list.filter((d) => d.status === 'missed');
    const open = list.filter((d) => d.status === 'open');
    const standing: CommitmentStatus = missed.length ? 'missed' : open.length || list.length === 0 ? 'open' : 'met';
    const why =
      list.length === 0
        ? 'no defect of this severity assigned to the firm yet'
        : `${list.length - missed.length - open.length} of ${list.length} fixed in time${missed.length ? `; missed: ${missed.map((d) => d.key).join(', ')}` : ''}${open.length ? `; open: ${open.map((d) => d.key).join(', ')}` : ''}`;
    return { ...c, firm, standing, why, defects: list };
  });
}

function slaDefects(conn: Conn, projectId: number, firmId: number, severity: number, days: number, today: string): SlaDefect[] {
  const rows = conn
    .select({ key: defects.key, severity: defects.severity, createdAt: defects.createdAt, instanceId: defects.instanceId })
    .from(defects)
    .innerJoin(users, eq(users.id, defects.assigneeId))
    .where(and(eq(defects.projectId, projectId), eq(users.vendorFirmId, firmId), lte(defects.severity, severity)))
    .orderBy(asc(defects.key))
    .all();
  const fixes = rows.length
    ? conn
        .select({ instanceId: workflowEvents.instanceId, at: workflowEvents.at })
        .from(workflowEvents)
        .where(
          and(
            inArray(
              workflowEvents.instanceId,
              rows.map((r) => r.instanceId),
            ),
            eq(workflowEvents.type, 'FIX'),
          ),
        )
        .orderBy(asc(workflowEvents.id))
        .all()
    : [];
  return rows.map((r) => {
    const logged = r.createdAt.slice(0, 10);
    const deadline = addBusinessDays(logged, days);
    const fixed = fixes.find((f) => f.instanceId === r.instanceId)?.at.slice(0, 10) ?? null;
    const status: CommitmentStatus = fixed ? (fixed <= deadline ? 'met' : 'missed') : today > deadline ? 'missed' : 'open';
    return { key: r.key, severity: r.severity, logged, deadline, fixed, status };
  });
}
