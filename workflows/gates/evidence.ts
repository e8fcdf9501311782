import { and, asc, desc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { defects, parallelRuns, plans, requirements, requirementVersions, testCases, testRuns, workflowInstances } from '~/db/schema';
import type { ChecklistItem } from '../machines/phase-gate';
import type { ProjectPermission } from '../policy/roles';

/** Criteria the portal computes from live data. Each names its rule so the page can show it. */
export const evidenceKinds = ['requirements.mustSignedOff', 'testing.criticalPass', 'defects.noOpenSev1', 'parallel.signedOff'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/**
 * One criterion evaluated now. `missing` names the items that keep it unmet (keys and titles); `items`
 * says what they are and `shownWith` the permission a person needs to read them (the pages of those
 * items ask for it too): see `evidenceShownTo` in ./view.ts.
 */
export type EvidenceResult = {
  key: string;
  label: string;
  rule: string;
  met: boolean;
  missing: string[];
  items: EvidenceItems;
  shownWith: ProjectPermission;
};
export type EvidenceItems = 'requirements' | 'test cases' | 'defects' | 'parallel runs';

function mustSignedOff(conn: Conn, projectId: number) {
  const rows = conn
    .select({ key: requirements.key, title: requirementVersions.title, state: workflowInstances.stateValue })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(and(eq(requirements.projectId, projectId), eq(requirementVersions.priority, 'must')))
    .orderBy(asc(requirements.key))
    .all()
    .filter((r) => r.state !== 'retired');
  return {
    rule: 'Every current, not retired, must-have requirement of the project is signed off.',
    missing: rows.filter((r) => r.state !== 'signedOff').map((r) => `${r.key} ${r.title} (${String(r.state)})`),
  };
}

function criticalPass(conn: Conn, projectId: number) {
  const cases = conn
    .select({ id: testCases.id, key: testCases.key, title: testCases.title, planId: testCases.planId, kind: testCases.kind })
    .from(testCases)
    .where(and(eq(testCases.projectId, projectId), eq(testCases.critical, true)))
    .orderBy(asc(testCases.key))
    .all();
  const missing = cases.flatMap((c) => {
    const latest = conn.select().from(testRuns).where(eq(testRuns.caseId, c.id)).orderBy(desc(testRuns.id)).limit(1).get();
    const current = c.planId ? conn.select({ v: plans.currentVersionId }).from(plans).where(eq(plans.id, c.planId)).get()?.v : null;
    const why = !latest
      ? 'not run'
      : latest.staleSince
        ? 'result stale'
        : latest.result !== 'passed'
          ? latest.result
          : c.kind === 'payout' && latest.planVersionId !== current
            ? 'passed on an older plan version'
            : null;
    return why ? [`${c.key} ${c.title} (${why})`] : [];
  });
  return { rule: 'The latest run of every critical test case passed, is not stale, and ran on the plan’s current version.', missing };
}

function noOpenSev1(conn: Conn, projectId: number) {
  const open = conn
    .select({ key: defects.key, title: defects.title, state: workflowInstances.stateValue })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(and(eq(defects.projectId, projectId), eq(defects.severity, 1)))
    .orderBy(asc(defects.key))
    .all()
    .filter((d) => d.state !== 'verified' && d.state !== 'closed');
  return { rule: 'No severity-1 defect is open, in progress or awaiting verification.', missing: open.map((d) => `${d.key} ${d.title} (${String(d.state)})`) };
}

function parallelSignedOff(conn: Conn, projectId: number) {
  const latest = conn
    .select({ name: parallelRuns.name, state: workflowInstances.stateValue })
    .from(parallelRuns)
    .innerJoin(workflowInstances, eq(workflowInstances.id, parallelRuns.instanceId))
    .where(eq(parallelRuns.projectId, projectId))
    .orderBy(desc(parallelRuns.id))
    .limit(1)
    .get();
  return {
    rule: 'The latest parallel-run variance report is signed off.',
    missing: !latest ? ['no parallel run yet'] : latest.state === 'signedOff' ? [] : [`${latest.name} (${String(latest.state)})`],
  };
}

type Evaluator = { evaluate: (conn: Conn, projectId: number) => { rule: string; missing: string[] }; items: EvidenceItems; shownWith: ProjectPermission };
const evaluators: Record<EvidenceKind, Evaluator> = {
  'requirements.mustSignedOff': { evaluate: mustSignedOff, items: 'requirements', shownWith: 'requirement.view' },
  'testing.criticalPass': { evaluate: criticalPass, items: 'test cases', shownWith: 'test.view' },
  'defects.noOpenSev1': { evaluate: noOpenSev1, items: 'defects', shownWith: 'test.view' },
  'parallel.signedOff': { evaluate: parallelSignedOff, items: 'parallel runs', shownWith: 'test.view' },
};

/** Evaluates the computed criteria of a gate checklist now. */
export function evaluateEvidence(conn: Conn, projectId: number, checklist: ChecklistItem[]): EvidenceResult[] {
  return checklist
    .filter((item) => item.evidence)
    .map((item) => {
      const evaluator = evaluators[item.evidence as EvidenceKind];
      const { rule, missing } = evaluator ? evaluator.evaluate(conn, projectId) : { rule: 'Unknown rule', missing: [`unknown evidence ${item.evidence}`] };
      // An unknown rule names no item, but is shown only to those who may read the project's requirements.
      const { items, shownWith } = evaluator ?? { items: 'requirements', shownWith: 'requirement.view' };
      return { key: item.key, label: item.label, rule, met: missing.length === 0, missing, items, shownWith };
    });
}

/** What the gate events carry: one line per unmet computed criterion. */
export const unmetOf = (results: EvidenceResult[]) =>
  results
    .filter((r) => !r.met)
    .map((r) => `${r.label} (missing: ${r.missing.slice(0, 5).join(', ')}${r.missing.length > 5 ? `, and ${r.missing.length - 5} more` : ''})`);
