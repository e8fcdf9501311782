import { desc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { projects, statusOverrides } from '~/db/schema';
import { computeStatus } from './rules';
import { statusSignals } from './signals';
import { thresholdsFor } from './thresholds';

/** A project's computed status on `today`: every rule with its figure and colour, against its methodology's thresholds. */
export function projectStatus(conn: Conn, projectId: number, today: string) {
  const project = conn.select({ methodologyId: projects.methodologyId }).from(projects).where(eq(projects.id, projectId)).get();
  if (!project) throw new Error(`No project ${projectId}`);
  return computeStatus(statusSignals(conn, projectId, today), thresholdsFor(conn, project.methodologyId));
}

/** The PM's current colour for a project, or null (none set, or cleared). */
export function currentOverride(conn: Conn, projectId: number) {
  const row = conn.select().from(statusOverrides).where(eq(statusOverrides.projectId, projectId)).orderBy(desc(statusOverrides.id)).get();
  return row?.colour ? row : null;
}
