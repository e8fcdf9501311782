import type { Conn } from '~/db/client';
import { requirementGrid } from '~/db/queries/requirements';
import { projectDefects } from '~/db/queries/testing';
import type { ProjectRole } from '~/db/schema';
import { latestCycle } from '../e3/cycle';
import { severityLabel, severityName } from '../machines/defect';
import { type Actor, mayOnProject } from '../policy/roles';
import { isE3ReviewOverdue, isMilestoneOverdue } from '../status/overdue';
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
        label: severityName(s),
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
  // An optimization project's next cadence review (issue 17), late by the one rule of status/overdue.ts.
  const cycle = mayOnProject(actor, roles, 'e3.view') ? latestCycle(conn, projectId) : null;
  const due = cycle?.context.nextReviewDue;
  if (cycle && due)
    out.push({
      label: 'Next E3 review',
      value: isE3ReviewOverdue({ state: cycle.state, nextReviewDue: due }, today) ? `Overdue since ${due}` : `Due ${due}`,
      to: `${base}/optimization`,
      parts: [],
    });
  return out;
}
