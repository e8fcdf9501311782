import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { defects, deliverables, milestones, requirements, requirementVersions, workflowInstances } from '~/db/schema';
import { daysBetween, scheduleAgainst } from '../changes/schedule';
import { type DefectState, defectStateLabels } from '../machines/defect';
import type { RecoveryArea } from '../machines/recovery';
import { type SignoffState, signoffStateLabels } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';
import { daysLate, isMilestoneOverdue } from '../status/overdue';
import { caseStandings } from '../testing/coverage';
import { unresolvedDefectStates } from '../testing/traceability';
import { isOverdue as deliverableOverdue } from '../vendors/criteria';

/**
 * What the portal's own data says about an area of a recovery assessment, shown beside the PM's rating.
 * Each fact reads the module that defines it for every other page (case standings, the defect states
 * that count as unresolved, the schedule's slip against its baseline, when a milestone or a deliverable
 * is late), so the assessment never disagrees with the testing, schedule or vendor pages.
 */
/** An item behind a figure, with the page that shows it (null when it has none of its own). */
export type EvidenceItem = { text: string; to: string | null };
export type EvidenceFact = { label: string; figure: number; items: EvidenceItem[] };
export type AreaEvidence = { area: RecoveryArea; facts: EvidenceFact[] };

const fact = (label: string, items: EvidenceItem[]): EvidenceFact => ({ label, figure: items.length, items });

/**
 * Testing: cases whose latest run failed, was blocked or went stale (payout cases first, named as such;
 * a functional case fails just as loudly in a troubled project), and unresolved defects with their age.
 */
export function testingEvidence(conn: Conn, projectId: number, today: string): EvidenceFact[] {
  const failing = caseStandings(conn, { projectId })
    .filter((c) => c.standing.result === 'failed' || c.standing.result === 'blocked' || c.standing.result === 'stale')
    .sort((a, b) => Number(b.kind === 'payout') - Number(a.kind === 'payout'))
    .map((c) => ({
      text: `${c.key} ${c.kind === 'payout' ? 'payout case ' : ''}${c.title} (${c.standing.result}${c.standing.why ? `: ${c.standing.why}` : ''})`,
      to: itemLinks.testCase(projectId, c.id),
    }));
  const open = conn
    .select({
      id: defects.id,
      key: defects.key,
      title: defects.title,
      severity: defects.severity,
      createdAt: defects.createdAt,
      state: workflowInstances.stateValue,
    })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(and(eq(defects.projectId, projectId), inArray(workflowInstances.stateValue, [...unresolvedDefectStates])))
    .orderBy(asc(defects.createdAt))
    .all()
    .map((d) => ({ ...d, age: daysBetween(d.createdAt.slice(0, 10), today) }));
  return [
    fact('Test cases failing, blocked or stale', failing),
    fact(
      'Unresolved defects, oldest first',
      open.map((d) => ({
        text: `${d.key} ${d.title} (severity ${d.severity}, ${(defectStateLabels[String(d.state) as DefectState] ?? String(d.state)).toLowerCase()}, ${d.age} days old)`,
        to: itemLinks.defect(projectId, d.id),
      })),
    ),
  ];
}

/** Scope: current requirements not signed off (retired ones aside), and requirements with suspect links. */
export function scopeEvidence(conn: Conn, projectId: number): EvidenceFact[] {
  const unsigned = conn
    .select({ id: requirements.id, key: requirements.key, title: requirementVersions.title, state: workflowInstances.stateValue })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(eq(requirements.projectId, projectId))
    .orderBy(asc(requirements.key))
    .all()
    .filter((r) => r.state !== 'signedOff' && r.state !== 'retired')
    .map((r) => ({
      text: `${r.key} ${r.title} (${(signoffStateLabels[String(r.state) as SignoffState] ?? String(r.state)).toLowerCase()})`,
      to: itemLinks.requirement(projectId, r.id),
    }));
  const suspect = conn
    .select({ id: requirements.id, key: requirements.key, reason: requirements.suspectReason })
    .from(requirements)
    .where(and(eq(requirements.projectId, projectId), isNotNull(requirements.suspectSince)))
    .orderBy(asc(requirements.key))
    .all()
    .map((r) => ({ text: `${r.key}${r.reason ? ` (${r.reason})` : ''}`, to: itemLinks.requirement(projectId, r.id) }));
  return [fact('Requirements not signed off', unsigned), fact('Requirements with suspect links', suspect)];
}

/** Monitoring and control: milestones overdue today, and milestones slipped against the latest schedule baseline. */
export function controlEvidence(conn: Conn, projectId: number, today: string): EvidenceFact[] {
  const overdue = conn
    .select()
    .from(milestones)
    .where(eq(milestones.projectId, projectId))
    .orderBy(asc(milestones.dueDate))
    .all()
    .filter((m) => isMilestoneOverdue(m, today))
    .map((m) => ({ text: `${m.name} (due ${m.dueDate}, ${daysLate(m.dueDate, today)} days late)`, to: itemLinks.schedule(projectId) }));
  const slipped = scheduleAgainst(conn, projectId, null)
    .rows.filter((r) => r.kind === 'milestone' && (r.slipDays ?? 0) > 0)
    .map((r) => ({ text: `${r.name} (${r.baseline} → ${r.current}, ${r.slipDays} days)`, to: itemLinks.schedule(projectId) }));
  return [fact('Milestones overdue', overdue), fact('Milestones slipped against the schedule baseline', slipped)];
}

/** Vendor delivery: deliverables past their due date and not accepted or waived. */
export function vendorEvidence(conn: Conn, projectId: number, today: string): EvidenceFact[] {
  const late = conn
    .select({ id: deliverables.id, key: deliverables.key, title: deliverables.title, dueDate: deliverables.dueDate, state: workflowInstances.stateValue })
    .from(deliverables)
    .innerJoin(workflowInstances, eq(workflowInstances.id, deliverables.instanceId))
    .where(eq(deliverables.projectId, projectId))
    .orderBy(asc(deliverables.dueDate))
    .all()
    .filter((d) => deliverableOverdue(String(d.state), d.dueDate, today))
    .map((d) => ({ text: `${d.key} ${d.title} (due ${d.dueDate}, ${daysLate(d.dueDate, today)} days late)`, to: itemLinks.deliverable(projectId, d.id) }));
  return [fact('Vendor deliverables overdue', late)];
}

/**
 * The evidence of every area the portal has data for; resources, roles and data have none here (the
 * PM's findings are the evidence), so they have no facts.
 */
export function recoveryEvidence(conn: Conn, projectId: number, today: string): AreaEvidence[] {
  return [
    { area: 'scope', facts: scopeEvidence(conn, projectId) },
    { area: 'resources', facts: [] },
    { area: 'roles', facts: [] },
    { area: 'testing', facts: testingEvidence(conn, projectId, today) },
    { area: 'control', facts: controlEvidence(conn, projectId, today) },
    { area: 'vendors', facts: vendorEvidence(conn, projectId, today) },
    { area: 'data', facts: [] },
  ];
}
