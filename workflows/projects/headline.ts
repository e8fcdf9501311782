import type { Conn } from '~/db/client';
import { requirementGrid } from '~/db/queries/requirements';
import { projectDefects } from '~/db/queries/testing';
import type { ProjectRole } from '~/db/schema';
import { severityLabel } from '../machines/defect';
import { type Actor, mayOnProject } from '../policy/roles';
import { isMilestoneOverdue } from '../status/overdue';
import { unresolvedDefectStates } from '../testing/traceability';

export type Figure = { label: string; value: string; to: string; parts: { label: string; value: number; to: string }[] };

/** A defect still to resolve: the one definition the overview's figure and the defects list's column share. */
export const isUnresolved = (state: string) => (unresolvedDefectStates as readonly string[]).includes(state);

/**
 * The figures a project's overview leads with, each counted by the same query or rule as the list its
 * link opens (filtered there by the link), so the figure and the list cannot disagree. Only the
 * figures of areas the person may read.
 */
export function projectHeadline(
  conn: Conn,
  actor: Actor,
  roles: ProjectRole[],
  projectId: number,
  milestones: { dueDate: string; doneOn: string | null }[],
  today: string,
): Figure[] {
  const base = `/projects/${projectId}`;
  const out: Figure[] = [];
  if (mayOnProject(actor, roles, 'requirement.view')) {
    const count = (q: { status?: string }) => requirementGrid(conn, { projectId, priority: 'must', pageSize: 1, ...q }).total;
    out.push({
      label: 'Must-have requirements signed',
      value: `${count({ status: 'signed' })} of ${count({})}`,
      to: `${base}/requirements?priority=must&status=signed`,
      parts: [],
    });
  }
  if (mayOnProject(actor, roles, 'test.view')) {
    const open = projectDefects(conn, projectId).filter((d) => isUnresolved(d.state));
    const severities = [...new Set(open.map((d) => d.severity))].sort((a, b) => a - b);
    out.push({
      label: 'Defects to resolve',
      value: String(open.length),
      to: `${base}/defects?resolved=no`,
      parts: severities.map((s) => ({
        label: severityLabel(s),
        value: open.filter((d) => d.severity === s).length,
        to: `${base}/defects?resolved=no&severity=${encodeURIComponent(severityLabel(s))}`,
      })),
    });
  }
  out.push({
    label: 'Milestones overdue',
    value: String(milestones.filter((m) => isMilestoneOverdue(m, today)).length),
    to: `${base}#milestones`,
    parts: [],
  });
  return out;
}
