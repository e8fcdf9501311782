import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import {
  commitments,
  contracts,
  defects,
  deliverableSubmissions,
  deliverables,
  testCases,
  testCycles,
  users,
  varianceClassifications,
  workflowEvents,
} from '~/db/schema';
import {
  type CommitmentHistory,
  computeScorecard,
  DEFAULT_DEFECT_SERVICE_LEVEL,
  type DefectHistory,
  type DefectServiceLevel,
  type DeliverableHistory,
  type ScorecardInput,
} from './scorecard';

/**
 * A vendor firm's history on one project, read from what the portal holds, for the scorecard
 * (./scorecard.ts computes every figure from it): its deliverables with their numbered submissions,
 * the defects assigned to its people (where they were found: a parallel run's variance, else the kind of
 * the cycle of the case that found them), its dated commitments, and its defect service level (the
 * firm's "defect fixed within N business days" commitments; the default when it has none).
 */
export function scorecardInputOf(conn: Conn, projectId: number, firmId: number, today: string): ScorecardInput {
  const rows = conn
    .select({ id: deliverables.id, key: deliverables.key, due: deliverables.dueDate, instanceId: deliverables.instanceId })
    .from(deliverables)
    .innerJoin(contracts, eq(contracts.id, deliverables.contractId))
    .where(and(eq(deliverables.projectId, projectId), eq(contracts.firmId, firmId)))
    .orderBy(asc(deliverables.key))
    .all();
  const ids = rows.map((r) => r.id);
  const submissions = ids.length
    ? conn.select().from(deliverableSubmissions).where(inArray(deliverableSubmissions.deliverableId, ids)).orderBy(asc(deliverableSubmissions.number)).all()
    : [];
  const waivers = eventDays(
    conn,
    rows.map((r) => r.instanceId),
    'WAIVE',
  );
  const deliverableHistory: DeliverableHistory[] = rows.map((d) => {
    const own = submissions.filter((s) => s.deliverableId === d.id && s.outcome !== 'withdrawn');
    const accepted = own.find((s) => s.outcome === 'accepted');
    return {
      key: d.key,
      due: d.due,
      submissions: own.map((s) => ({ on: s.submittedAt.slice(0, 10), outcome: s.outcome as 'accepted' | 'rejected' | 'pending' })),
      acceptedOn: accepted?.decidedAt?.slice(0, 10) ?? null,
      waivedOn: waivers.get(d.instanceId) ?? null,
    };
  });

  const assigned = conn
    .select({
      id: defects.id,
      key: defects.key,
      severity: defects.severity,
      createdAt: defects.createdAt,
      instanceId: defects.instanceId,
      cycleKind: testCycles.kind,
    })
    .from(defects)
    .innerJoin(users, eq(users.id, defects.assigneeId))
    .leftJoin(testCases, eq(testCases.id, defects.caseId))
    .leftJoin(testCycles, eq(testCycles.id, testCases.cycleId))
    .where(and(eq(defects.projectId, projectId), eq(users.vendorFirmId, firmId)))
    .orderBy(asc(defects.key))
    .all();
  const fromParallel = new Set(
    assigned.length
      ? conn
          .select({ defectId: varianceClassifications.defectId })
          .from(varianceClassifications)
          .where(
            inArray(
              varianceClassifications.defectId,
              assigned.map((d) => d.id),
            ),
          )
          .all()
          .map((v) => v.defectId)
      : [],
  );
  const fixes = eventDays(
    conn,
    assigned.map((d) => d.instanceId),
    'FIX',
  );
  const defectHistory: DefectHistory[] = assigned.map((d) => ({
    key: d.key,
    severity: d.severity as 1 | 2 | 3 | 4,
    foundIn: fromParallel.has(d.id) ? 'parallel' : (d.cycleKind ?? 'uat').toLowerCase(),
    openedOn: d.createdAt.slice(0, 10),
    fixedOn: fixes.get(d.instanceId) ?? null,
  }));

  const promised = conn
    .select()
    .from(commitments)
    .where(and(eq(commitments.projectId, projectId), eq(commitments.firmId, firmId)))
    .orderBy(asc(commitments.id))
    .all();
  const commitmentHistory: CommitmentHistory[] = promised
    .filter((c) => c.kind === 'dated' && c.dueDate)
    .map((c) => ({ text: c.text, due: c.dueDate!, status: c.status, settledOn: c.recordedAt?.slice(0, 10) ?? null }));

  return { deliverables: deliverableHistory, defects: defectHistory, commitments: commitmentHistory, serviceLevel: serviceLevelOf(promised), today };
}

/** The scorecard of a firm on a project today. */
export const scorecardOf = (conn: Conn, projectId: number, firmId: number, today: string) => computeScorecard(scorecardInputOf(conn, projectId, firmId, today));

/**
 * The firm's defect service level: each "severity N or worse within D business days" commitment sets D
 * for those severities (the strictest wins); severities no commitment names keep the default.
 */
function serviceLevelOf(promised: (typeof commitments.$inferSelect)[]): DefectServiceLevel {
  const businessDays = { ...DEFAULT_DEFECT_SERVICE_LEVEL.businessDays };
  const slas = promised.filter((c) => c.kind === 'defect_sla' && c.severity !== null && c.businessDays !== null);
  for (const severity of [1, 2, 3, 4] as const) {
    const named = slas.filter((c) => severity <= c.severity!).map((c) => c.businessDays!);
    if (named.length) businessDays[severity] = Math.min(...named);
  }
  return { businessDays, holidays: DEFAULT_DEFECT_SERVICE_LEVEL.holidays };
}

/** The day each instance first received an event of this type. */
function eventDays(conn: Conn, instanceIds: number[], type: string): Map<number, string> {
  const days = new Map<number, string>();
  if (instanceIds.length === 0) return days;
  const events = conn
    .select({ instanceId: workflowEvents.instanceId, at: workflowEvents.at })
    .from(workflowEvents)
    .where(and(inArray(workflowEvents.instanceId, instanceIds), eq(workflowEvents.type, type)))
    .orderBy(asc(workflowEvents.id))
    .all();
  for (const e of events) if (!days.has(e.instanceId)) days.set(e.instanceId, e.at.slice(0, 10));
  return days;
}
