import { desc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { statusInputsVersion } from '~/db/queries/governance';
import { type ProjectRole, projects, statusOverrides } from '~/db/schema';
import { type Actor, mayOnProject } from '../policy/roles';
import { type ComputedStatus, computeStatus } from './rules';
import { statusSignals } from './signals';
import { thresholdsFor } from './thresholds';

/**
 * Computed statuses kept by project, valid while the day and the project's audit head (and the head of
 * rows about no project: thresholds, methodologies) are the same: every change of state appends an audit
 * row naming its project in the same transaction, so a new head is the signal that anything a rule reads
 * may have moved. Pages are read far more often than anything changes, and a change in one project leaves
 * the other projects of the portfolio kept.
 */
const kept = new Map<number, { key: string; status: ComputedStatus }>();

/** A project's computed status on `today`: every rule with its figure and colour, against its methodology's thresholds. */
export function projectStatus(conn: Conn, projectId: number, today: string): ComputedStatus {
  const key = `${today}|${statusInputsVersion(conn, projectId)}`;
  const hit = kept.get(projectId);
  if (hit?.key === key) return hit.status;
  const project = conn.select({ methodologyId: projects.methodologyId }).from(projects).where(eq(projects.id, projectId)).get();
  if (!project) throw new Error(`No project ${projectId}`);
  const status = computeStatus(statusSignals(conn, projectId, today), thresholdsFor(conn, project.methodologyId));
  kept.set(projectId, { key, status });
  return status;
}

/** The PM's current colour for a project, or null (none set, or cleared). */
export function currentOverride(conn: Conn, projectId: number) {
  const row = conn.select().from(statusOverrides).where(eq(statusOverrides.projectId, projectId)).orderBy(desc(statusOverrides.id)).get();
  return row?.colour ? row : null;
}

/**
 * The computed colour and reasons of each listed project whose governance the person reads (not a
 * vendor's), for the lists that show a status beside each project: the same status as the project page.
 */
export function listedStatuses(conn: Conn, actor: Actor, listed: { id: number; myRoles: ProjectRole[] }[], today: string) {
  const statuses = new Map<number, { colour: ComputedStatus['colour']; reasons: string[] }>();
  for (const p of listed) {
    if (!mayOnProject(actor, p.myRoles, 'change.view')) continue;
    const { colour, reasons } = projectStatus(conn, p.id, today);
    statuses.set(p.id, { colour, reasons });
  }
  return statuses;
}
