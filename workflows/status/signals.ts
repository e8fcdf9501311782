import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { changeRequests, defects, deliverables, milestones, phases, raidItems, requirements, workflowInstances } from '~/db/schema';
import { daysBetween, scheduleAgainst } from '../changes/schedule';
import { exposureBand, exposureOf } from '../raid/exposure';
import { isRaidOverdue } from '../raid/overdue';
import { caseStandings } from '../testing/coverage';
import { unresolvedDefectStates } from '../testing/traceability';
import { isOverdue as deliverableOverdue } from '../vendors/criteria';
import { isMilestoneOverdue, isPhaseOverdue } from './overdue';
import type { Signals } from './rules';

const list = (names: string[], max = 3) => (names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`);

/**
 * The live signals of a project on `today`, each from the module that defines it for every other page
 * (overdue deliverables, case standings, RAID overdue and exposure, the schedule's slip), so the status
 * never disagrees with the page it summarises.
 */
export function statusSignals(conn: Conn, projectId: number, today: string): Signals {
  const ps = conn
    .select({ name: phases.name, plannedEnd: phases.plannedEnd, state: workflowInstances.stateValue })
    .from(phases)
    .innerJoin(workflowInstances, eq(workflowInstances.id, phases.instanceId))
    .where(eq(phases.projectId, projectId))
    .all();
  const lateGates = ps.filter((p) => isPhaseOverdue({ state: String(p.state), plannedEnd: p.plannedEnd }, today));
  const ms = conn.select().from(milestones).where(eq(milestones.projectId, projectId)).all();
  const lateMilestones = ms.filter((m) => isMilestoneOverdue(m, today));
  const slips = scheduleAgainst(conn, projectId, null).rows.filter((r) => r.kind === 'milestone' && (r.slipDays ?? 0) > 0);
  const worstSlip = slips.reduce<(typeof slips)[number] | null>((w, r) => (!w || (r.slipDays ?? 0) > (w.slipDays ?? 0) ? r : w), null);
  const dls = conn
    .select({ key: deliverables.key, dueDate: deliverables.dueDate, state: workflowInstances.stateValue })
    .from(deliverables)
    .innerJoin(workflowInstances, eq(workflowInstances.id, deliverables.instanceId))
    .where(eq(deliverables.projectId, projectId))
    .all()
    .filter((d) => deliverableOverdue(String(d.state), d.dueDate, today));
  const failing = caseStandings(conn, { projectId }).filter((c) => c.critical && c.standing.result !== 'passed');
  const severe = conn
    .select({ key: defects.key, createdAt: defects.createdAt, state: workflowInstances.stateValue })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(and(eq(defects.projectId, projectId), inArray(defects.severity, [1, 2])))
    .all()
    .filter((d) => (unresolvedDefectStates as readonly string[]).includes(String(d.state)));
  const oldest = severe.reduce((max, d) => Math.max(max, daysBetween(d.createdAt.slice(0, 10), today)), 0);
  const suspect = conn
    .select({ key: requirements.key })
    .from(requirements)
    .where(and(eq(requirements.projectId, projectId), isNotNull(requirements.suspectSince)))
    .all();
  const raid = conn.select().from(raidItems).where(eq(raidItems.projectId, projectId)).all();
  const unmitigated = raid.filter((r) => {
    const exposure = exposureOf(r);
    return r.type === 'risk' && r.status === 'open' && exposure !== null && exposureBand(exposure) === 'high' && r.mitigation.trim() === '';
  });
  const overdueRaid = raid.filter((r) => isRaidOverdue(r, today));
  const waiting = conn
    .select({ key: changeRequests.key })
    .from(changeRequests)
    .innerJoin(workflowInstances, eq(workflowInstances.id, changeRequests.instanceId))
    .where(and(eq(changeRequests.projectId, projectId), eq(workflowInstances.stateValue, 'assessed')))
    .all();
  return {
    overdueGates: { figure: lateGates.length, detail: list(lateGates.map((p) => `${p.name}, planned to end ${p.plannedEnd}`)) },
    overdueMilestones: { figure: lateMilestones.length, detail: list(lateMilestones.map((m) => `${m.name}, due ${m.dueDate}`)) },
    milestoneSlip: { figure: worstSlip?.slipDays ?? 0, detail: worstSlip ? `${worstSlip.name}, ${worstSlip.baseline} → ${worstSlip.current}` : '' },
    overdueDeliverables: { figure: dls.length, detail: list(dls.map((d) => `${d.key}, due ${d.dueDate}`)) },
    failingCriticalCases: { figure: failing.length, detail: list(failing.map((c) => `${c.key} ${c.standing.result}`)) },
    openSevereDefects: { figure: severe.length, detail: list(severe.map((d) => d.key)) },
    oldestSevereDefect: { figure: oldest, detail: '' },
    suspectLinks: { figure: suspect.length, detail: list(suspect.map((r) => r.key)) },
    unmitigatedRisks: { figure: unmitigated.length, detail: list(unmitigated.map((r) => r.key)) },
    overdueRaid: { figure: overdueRaid.length, detail: list(overdueRaid.map((r) => r.key)) },
    changesAwaitingDecision: { figure: waiting.length, detail: list(waiting.map((c) => c.key)) },
  };
}
