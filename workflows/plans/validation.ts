import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { defects, type planVersions, testCases, testRuns, workflowInstances } from '~/db/schema';
import { validatePlan } from '~/engine';
import { type DefectState, defectStateLabels } from '../machines/defect';
import { componentTables, totalCapText } from './document';
import { planIllustrations } from './illustrations';

/**
 * Whether a plan version is valid, computed from live data, never claimed (docs/decisions/0011-plan-approval.md):
 * - every payout case on the plan ran on this exact version, on the case as it is now, and passed;
 * - no severity-1 or -2 defect found by a case on the plan is open or in progress (a fixed one awaits
 *   verification on the version that carries the fix, once it is in effect);
 * - the document validates against the engine's plan schema, and the plan document renders: its
 *   tables, and the worked illustrations the engine computes (what signers and participants read).
 * The one definition: the version page lists it, SUBMIT is refused while any criterion is unmet, and
 * the Launch gate's plan criterion reads what was recorded when the version passed.
 */
export type ValidationCriterion = { key: 'cases' | 'defects' | 'document'; label: string; met: boolean; missing: string[] };

/** The defect states that block a plan version: not yet fixed. */
export const blockingDefectStates = ['open', 'inProgress'] as const satisfies readonly DefectState[];

export function validationOf(conn: Conn, version: Pick<typeof planVersions.$inferSelect, 'id' | 'planId' | 'number' | 'document'>) {
  const cases = conn
    .select({ id: testCases.id, key: testCases.key, title: testCases.title, version: testCases.version })
    .from(testCases)
    .where(and(eq(testCases.planId, version.planId), eq(testCases.kind, 'payout')))
    .orderBy(asc(testCases.key))
    .all();
  const runs = conn
    .select({ id: testRuns.id, caseId: testRuns.caseId, result: testRuns.result, caseVersion: testRuns.caseVersion, staleSince: testRuns.staleSince })
    .from(testRuns)
    .where(
      and(
        eq(testRuns.planVersionId, version.id),
        inArray(
          testRuns.caseId,
          cases.map((c) => c.id),
        ),
      ),
    )
    .orderBy(desc(testRuns.id))
    .all();
  const passed: { key: string; runId: number }[] = [];
  const caseGaps: string[] = [];
  for (const c of cases) {
    const run = runs.find((r) => r.caseId === c.id);
    const gap = !run
      ? 'not run on this version'
      : run.staleSince
        ? 'its run on this version is stale'
        : run.caseVersion !== c.version
          ? 'changed since it ran on this version'
          : run.result !== 'passed'
            ? `${run.result} on this version`
            : null;
    if (gap) caseGaps.push(`${c.key} ${c.title} (${gap})`);
    else passed.push({ key: c.key, runId: run!.id });
  }

  const open = conn
    .select({ key: defects.key, title: defects.title, severity: defects.severity, state: workflowInstances.stateValue })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .innerJoin(testCases, eq(testCases.id, defects.caseId))
    .where(and(eq(testCases.planId, version.planId), inArray(defects.severity, [1, 2]), inArray(workflowInstances.stateValue, [...blockingDefectStates])))
    .orderBy(asc(defects.key))
    .all()
    .map((d) => `${d.key} ${d.title} (severity ${d.severity}, ${(defectStateLabels[String(d.state) as DefectState] ?? String(d.state)).toLowerCase()})`);

  let documentProblems: string[];
  try {
    const checked = validatePlan(JSON.parse(version.document));
    documentProblems = checked.ok ? renderProblems(version.document) : checked.errors.map((e) => `${e.path}: ${e.message}`);
  } catch (e) {
    documentProblems = [`not valid JSON: ${(e as Error).message}`];
  }

  const criteria: ValidationCriterion[] = [
    {
      key: 'cases',
      label: cases.length
        ? `Every payout case on the plan (${cases.length}) passed on version ${version.number}`
        : 'Every payout case on the plan passed on this version (none is linked to the plan yet)',
      met: caseGaps.length === 0,
      missing: caseGaps,
    },
    { key: 'defects', label: 'No severity-1 or severity-2 defect on the plan is open or in progress', met: open.length === 0, missing: open },
    {
      key: 'document',
      label: 'The plan document validates against the engine’s plan schema and renders (its tables and the engine’s worked illustrations)',
      met: documentProblems.length === 0,
      missing: documentProblems,
    },
  ];
  return { criteria, met: criteria.every((c) => c.met), passed, cases: cases.map((c) => ({ id: c.id, key: c.key })) };
}

/** One line per unmet criterion, naming what is missing: what SUBMIT's refusal says. */
export const unmetCriteria = (criteria: ValidationCriterion[]) =>
  criteria
    .filter((c) => !c.met)
    .map((c) => `${c.label}: missing ${c.missing.slice(0, 10).join(', ')}${c.missing.length > 10 ? `, and ${c.missing.length - 10} more` : ''}`);

/** What stops the plan document from rendering: its tables, or an illustration the engine refused. */
function renderProblems(document: string): string[] {
  try {
    componentTables(document);
    totalCapText(document);
    return planIllustrations(document).flatMap((i) =>
      i.problems.map((p) => `the illustration at ${i.percent} of quota: ${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.message}`),
    );
  } catch (e) {
    return [`the plan document could not be drawn: ${(e as Error).message}`];
  }
}
