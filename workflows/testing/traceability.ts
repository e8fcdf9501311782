import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { defects, workflowInstances } from '~/db/schema';
import { type DefectState, defectStateLabels } from '../machines/defect';
import { projectCoverage } from './coverage';

/** Defects not yet verified or closed; a fixed one waits for a tester to verify it. */
export const unresolvedDefectStates = ['open', 'inProgress', 'fixed'] as const satisfies readonly DefectState[];

/**
 * Requirements by the cases that verify them, each case's standing, the unresolved defects found by
 * those cases (with their state: a fixed defect is not open), and coverage as `projectCoverage` defines it.
 */
export function traceability(conn: Conn, projectId: number) {
  const coverage = projectCoverage(conn, projectId);
  const unresolved = conn
    .select({ key: defects.key, caseId: defects.caseId, state: workflowInstances.stateValue })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(and(eq(defects.projectId, projectId), isNotNull(defects.caseId), inArray(workflowInstances.stateValue, [...unresolvedDefectStates])))
    .orderBy(asc(defects.key))
    .all();
  const rows = coverage.requirements.map((r) => ({
    ...r,
    defects: unresolved
      .filter((d) => r.cases.some((c) => c.id === d.caseId))
      .map((d) => ({ key: d.key, state: defectStateLabels[String(d.state) as DefectState] ?? String(d.state) })),
  }));
  return { rows, musts: coverage.musts };
}
