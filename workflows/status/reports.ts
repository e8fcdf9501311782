import { and, desc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { statusReports } from '~/db/schema';
import { notFound } from '../errors';
import { type Actor, mayOnProject } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import type { ComputedStatus } from './rules';
import { currentOverride, projectStatus } from './view';

/** What a published report froze: the computed status with every rule's figure, and the PM's colour then. */
export type ReportSnapshot = {
  asOf: string;
  status: ComputedStatus;
  override: { colour: string; reason: string; setAt: string } | null;
};

/** The snapshot a report publishes on `today`: the status as every page computes it now. */
export function snapshotNow(conn: Conn, projectId: number, today: string): ReportSnapshot {
  const o = currentOverride(conn, projectId);
  return {
    asOf: today,
    status: projectStatus(conn, projectId, today),
    override: o?.colour ? { colour: o.colour, reason: o.reason, setAt: o.setAt } : null,
  };
}

export function reportsOf(conn: Conn, projectId: number) {
  return conn.select().from(statusReports).where(eq(statusReports.projectId, projectId)).orderBy(desc(statusReports.id)).all();
}

export function loadReport(conn: Conn, projectId: number, reportId: number) {
  const row = conn
    .select()
    .from(statusReports)
    .where(and(eq(statusReports.id, reportId), eq(statusReports.projectId, projectId)))
    .get();
  if (!row) throw notFound('No such status report in this project.');
  return row;
}

/** The reports page of a project: its reports, newest first, and whether the person writes them. */
export function reportsPage(conn: Conn, actor: Actor, projectId: number) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'change.view');
  const write = mayOnProject(actor, roles, 'report.write');
  return {
    project: { id: project.id, name: project.name },
    // A draft is the PM's work in progress: readers see published reports only.
    reports: reportsOf(conn, projectId)
      .filter((r) => write || r.state === 'published')
      .map((r) => ({
        id: r.id,
        period: r.period,
        state: r.state,
        colour: (r.snapshot as ReportSnapshot | null)?.status.colour ?? null,
        override: (r.snapshot as ReportSnapshot | null)?.override?.colour ?? null,
        publishedAt: r.publishedAt,
      })),
    write,
  };
}

/** One report: published, as frozen; a draft (for its writer), with the status it would publish today. */
export function reportPage(conn: Conn, actor: Actor, projectId: number, reportId: number, today: string) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'change.view');
  const write = mayOnProject(actor, roles, 'report.write');
  const report = loadReport(conn, projectId, reportId);
  if (report.state === 'draft' && !write) throw notFound('No such status report in this project.');
  return {
    project: { id: project.id, name: project.name },
    report: { ...report, snapshot: report.snapshot as ReportSnapshot | null },
    preview: report.state === 'draft' ? snapshotNow(conn, projectId, today) : null,
    write,
  };
}
