import { eq } from 'drizzle-orm';
import type { Conn } from '../client';
import { projectMembers, projects } from '../schema';
import { phasesInState } from './projects';

type GateCtx = { requestedBy: number | null; approvers: number[]; approvals: { userId: number }[]; rejection: { reason: string } | null };

/** What waits on this person now: gates to decide, and (for PMs) gates sent back or awaiting others. */
export function myWork(conn: Conn, userId: number) {
  const mine = conn
    .select({ projectId: projectMembers.projectId, role: projectMembers.role, project: projects.name })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(eq(projectMembers.userId, userId))
    .all();
  const projectName = new Map(mine.map((m) => [m.projectId, m.project]));
  const ids = [...projectName.keys()];
  const open = phasesInState(conn, ids, ['inReview', 'sentBack']);
  const ctx = (p: (typeof open)[number]) => p.instance.context as GateCtx;
  const item = (p: (typeof open)[number]) => ({
    phaseId: p.id,
    projectId: p.projectId,
    project: projectName.get(p.projectId) ?? '',
    phase: p.name,
    state: p.state,
  });
  return {
    gatesToDecide: open
      .filter((p) => p.state === 'inReview' && ctx(p).approvers.includes(userId) && !ctx(p).approvals.some((a) => a.userId === userId))
      .filter((p) => mine.some((m) => m.projectId === p.projectId && m.role === 'stakeholder'))
      .map(item),
    gatesSentBack: open
      .filter((p) => p.state === 'sentBack' && mine.some((m) => m.projectId === p.projectId && m.role === 'pm'))
      .map((p) => ({ ...item(p), reason: ctx(p).rejection?.reason ?? '' })),
    gatesAwaitingOthers: open
      .filter((p) => p.state === 'inReview' && ctx(p).requestedBy === userId)
      .map((p) => ({ ...item(p), waitingOn: ctx(p).approvers.length - ctx(p).approvals.length })),
  };
}
