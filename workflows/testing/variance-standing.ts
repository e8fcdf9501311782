import { and, asc, eq, gt, inArray, max, notExists, sql } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { classificationsOfLine } from '~/db/queries/testing';
import { defects, parallelRunLines, parallelRuns, varianceClassifications, workflowInstances } from '~/db/schema';
import { refused } from '../errors';
import { type DefectState, defectStateLabels } from '../machines/defect';
import { unresolvedDefectStates } from './traceability';
import { overThresholdCents } from './variance-lines';

export type UnexplainedLine = { participantId: string; componentId: string; variance: string; why: string };

/**
 * What in a variance report is still unexplained: lines over the run's threshold that nobody has
 * classified, and lines classified as a defect whose defect is not yet verified or closed. The one
 * definition the report's sign-off and the Launch gate both apply. `lines` lists the first `limit`.
 */
export function unexplainedVariances(conn: Conn, runId: number, limit = 20): { count: number; lines: UnexplainedLine[] } {
  const run = conn.select({ threshold: parallelRuns.threshold }).from(parallelRuns).where(eq(parallelRuns.id, runId)).get();
  if (!run) return { count: 0, lines: [] };
  const l = parallelRunLines;
  const unclassifiedWhere = and(eq(l.runId, runId), gt(l.sizeCents, overThresholdCents(run.threshold)), notExists(classificationsOfLine(conn)));
  const unclassifiedCount = conn.select({ n: sql<number>`count(*)` }).from(l).where(unclassifiedWhere).get()?.n ?? 0;
  const unclassified = conn
    .select({ participantId: l.participantId, componentId: l.componentId, variance: l.variance })
    .from(l)
    .where(unclassifiedWhere)
    .orderBy(sql`${l.sizeCents} desc`, asc(l.id))
    .limit(limit)
    .all()
    .map((x) => ({ ...x, why: 'not classified' }));
  // The latest classification of each line is the one in force; those naming a defect still unresolved.
  const latest = conn
    .select({ id: max(varianceClassifications.id) })
    .from(varianceClassifications)
    .where(eq(varianceClassifications.parallelRunId, runId))
    .groupBy(varianceClassifications.participantId, varianceClassifications.componentId);
  const openDefectLines = conn
    .select({
      participantId: varianceClassifications.participantId,
      componentId: varianceClassifications.componentId,
      variance: l.variance,
      defectKey: defects.key,
      state: workflowInstances.stateValue,
    })
    .from(varianceClassifications)
    .innerJoin(defects, eq(defects.id, varianceClassifications.defectId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .innerJoin(l, and(eq(l.runId, runId), eq(l.participantId, varianceClassifications.participantId), eq(l.componentId, varianceClassifications.componentId)))
    .where(
      and(
        inArray(varianceClassifications.id, latest),
        eq(varianceClassifications.classification, 'defect'),
        inArray(workflowInstances.stateValue, [...unresolvedDefectStates]),
      ),
    )
    .orderBy(asc(varianceClassifications.participantId), asc(varianceClassifications.componentId))
    .all()
    .map((x) => ({
      participantId: x.participantId,
      componentId: x.componentId,
      variance: x.variance,
      why: `${x.defectKey} is ${(defectStateLabels[String(x.state) as DefectState] ?? String(x.state)).toLowerCase()}`,
    }));
  return { count: unclassifiedCount + openDefectLines.length, lines: [...unclassified, ...openDefectLines].slice(0, limit) };
}

/** One line per unexplained variance, for a refusal or a gate criterion: "B3 loan_commission -675.00 (not classified)". */
export const describeUnexplained = (u: { count: number; lines: UnexplainedLine[] }) => [
  ...u.lines.map((x) => `${x.participantId} ${x.componentId} ${x.variance} (${x.why})`),
  ...(u.count > u.lines.length ? [`and ${u.count - u.lines.length} more`] : []),
];

/**
 * The one step before a variance report is submitted for sign-off or signed: nothing in it may be
 * unexplained (`unexplainedVariances`). Signing checks again because a defect can be reopened after
 * the report was submitted. The refusal names the lines and changes nothing.
 */
export function requireNothingUnexplained(conn: Conn, run: { id: number; name: string }, act: 'submitted' | 'signed') {
  const unexplained = unexplainedVariances(conn, run.id);
  if (unexplained.count === 0) return;
  const lines = unexplained.count === 1 ? '1 variance is' : `${unexplained.count.toLocaleString('en-US')} variances are`;
  throw refused(
    `${run.name} cannot be ${act === 'submitted' ? 'submitted for sign-off' : 'signed'} while ${lines} unexplained: ${describeUnexplained(unexplained).join('; ')}. ` +
      `Classify every line over the threshold; a line classified as a defect is explained once its defect is verified or closed. Nothing was ${act}.`,
  );
}
