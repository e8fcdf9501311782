import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import {
  contracts,
  defects,
  deliverables,
  parallelRuns,
  plans,
  planVersions,
  requirements,
  requirementVersions,
  selections,
  vendorFirms,
  workflowInstances,
} from '~/db/schema';
import { e3BaselineSigned, e3ReviewHeld } from '../e3/evidence';
import { type DefectState, defectStateLabels } from '../machines/defect';
import { type DeliverableState, deliverableStateLabels } from '../machines/deliverable';
import type { ChecklistItem } from '../machines/phase-gate';
import { type PlanVersionState, planApproval, planVersionStateLabels } from '../machines/plan-approval';
import { type SelectionState, selectionStateLabels } from '../machines/platform-selection';
import { type SignoffState, signoffStateLabels } from '../machines/requirement-signoff';
import type { ProjectPermission } from '../policy/roles';
import { recoveryEvaluators, recoveryEvidenceKinds } from '../recovery/gate-evidence';
import { contextOf } from '../runtime';
import { caseStandings, projectCoverage } from '../testing/coverage';
import { unresolvedDefectStates } from '../testing/traceability';
import { describeUnexplained, unexplainedVariances } from '../testing/variance-standing';

/** Criteria the portal computes from live data. Each names its rule so the page can show it. */
export const evidenceKinds = [
  'requirements.mustSignedOff',
  'requirements.mustCovered',
  'testing.criticalPass',
  'defects.noOpenSev1or2',
  'parallel.signedAndExplained',
  'plans.publishedAndValidated',
  'vendors.deliverablesAccepted',
  'e3.baselineSigned',
  'e3.reviewHeld',
  'selection.decided',
  // Older rules, kept so gates installed before the ones above still evaluate as their checklists say.
  'defects.noOpenSev1',
  'parallel.signedOff',
  // A recovery's assessment and corrective plan (issue 17): see ../recovery/gate-evidence.ts.
  ...recoveryEvidenceKinds,
] as const;
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
export type EvidenceItems =
  | 'requirements'
  | 'test cases'
  | 'defects'
  | 'parallel runs'
  | 'plans'
  | 'vendor deliverables'
  | 'platform selections'
  | 'recovery areas'
  | 'E3 cycles';

/** A sign-off state as people read it ("in review"), not its code. */
const signoffLabel = (state: unknown) => (signoffStateLabels[String(state) as SignoffState] ?? String(state)).toLowerCase();

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
    missing: rows.filter((r) => r.state !== 'signedOff').map((r) => `${r.key} ${r.title} (${signoffLabel(r.state)})`),
  };
}

function mustCovered(conn: Conn, projectId: number) {
  return {
    rule: 'Every current, not retired, must-have requirement is covered: a test case verifying its current version passed its latest run (on the plan’s current version for a payout case).',
    missing: projectCoverage(conn, projectId).musts.uncovered.map((r) => `${r.key} ${r.title} (${r.gap})`),
  };
}

function criticalPass(conn: Conn, projectId: number) {
  const missing = caseStandings(conn, { projectId })
    .filter((c) => c.critical && c.standing.result !== 'passed')
    .map((c) => `${c.key} ${c.title} (${c.standing.result}${c.standing.why ? `: ${c.standing.why}` : ''})`);
  return { rule: 'The latest run of every critical test case passed, is not stale, and ran on the plan’s current version.', missing };
}

function openDefects(conn: Conn, projectId: number, severities: number[]) {
  return conn
    .select({ key: defects.key, title: defects.title, severity: defects.severity, state: workflowInstances.stateValue })
    .from(defects)
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(and(eq(defects.projectId, projectId), inArray(defects.severity, severities), inArray(workflowInstances.stateValue, [...unresolvedDefectStates])))
    .orderBy(asc(defects.key))
    .all()
    .map((d) => `${d.key} ${d.title} (severity ${d.severity}, ${(defectStateLabels[String(d.state) as DefectState] ?? String(d.state)).toLowerCase()})`);
}

function noOpenSev1or2(conn: Conn, projectId: number) {
  return { rule: 'No severity-1 or severity-2 defect is open, in progress or awaiting verification.', missing: openDefects(conn, projectId, [1, 2]) };
}

function noOpenSev1(conn: Conn, projectId: number) {
  return { rule: 'No severity-1 defect is open, in progress or awaiting verification.', missing: openDefects(conn, projectId, [1]) };
}

function parallelSignedOff(conn: Conn, projectId: number) {
  const latest = latestParallelRun(conn, projectId);
  return {
    rule: 'The latest parallel-run variance report is signed off.',
    missing: !latest ? ['no parallel run yet'] : latest.state === 'signedOff' ? [] : [`${latest.name} (${signoffLabel(latest.state)})`],
  };
}

function latestParallelRun(conn: Conn, projectId: number) {
  return conn
    .select({ id: parallelRuns.id, name: parallelRuns.name, state: workflowInstances.stateValue })
    .from(parallelRuns)
    .innerJoin(workflowInstances, eq(workflowInstances.id, parallelRuns.instanceId))
    .where(eq(parallelRuns.projectId, projectId))
    .orderBy(desc(parallelRuns.id))
    .limit(1)
    .get();
}

function parallelSignedAndExplained(conn: Conn, projectId: number) {
  const latest = latestParallelRun(conn, projectId);
  const rule = 'The latest parallel-run variance report is signed off, and none of its variances is unexplained (unclassified, or a defect not yet verified).';
  if (!latest) return { rule, missing: ['no parallel run yet'] };
  const unsigned = latest.state === 'signedOff' ? [] : [`${latest.name} (${signoffLabel(latest.state)})`];
  const unexplained = describeUnexplained(unexplainedVariances(conn, latest.id, 10)).map((line) => `${latest.name}: ${line}`);
  return { rule, missing: [...unsigned, ...unexplained] };
}

/**
 * Every compensation plan of the project has a published version (in effect or applying from a later
 * day) that passed validation: its approval recorded the payout cases that passed on it when it was
 * submitted (workflows/plans/validation.ts). Versions uploaded before approvals existed passed none.
 */
function plansPublished(conn: Conn, projectId: number) {
  const rule =
    'Every compensation plan of the project has a published version that passed validation (its payout cases passed on it, no open severity-1 or -2 defect, a valid document) and was approved.';
  const rows = conn
    .select({ planKey: plans.planKey, number: planVersions.number, instance: workflowInstances })
    .from(plans)
    .leftJoin(planVersions, eq(planVersions.planId, plans.id))
    .leftJoin(workflowInstances, eq(workflowInstances.id, planVersions.instanceId))
    .where(eq(plans.projectId, projectId))
    .orderBy(asc(plans.planKey), asc(planVersions.number))
    .all();
  if (rows.length === 0) return { rule, missing: ['no compensation plan yet'] };
  const missing: string[] = [];
  for (const planKey of [...new Set(rows.map((r) => r.planKey))]) {
    const versions = rows.filter((r) => r.planKey === planKey && r.instance);
    const published = versions.some((v) => v.instance!.stateValue === 'published' && contextOf(planApproval, v.instance!).validation);
    if (published) continue;
    const latest = versions.at(-1);
    missing.push(
      `${planKey} (${latest ? `no published version; v${latest.number} is ${(planVersionStateLabels[String(latest.instance!.stateValue) as PlanVersionState] ?? String(latest.instance!.stateValue)).toLowerCase()}` : 'no version through approval'})`,
    );
  }
  return { rule, missing };
}

/** The gate a criterion is evaluated for: some rules read only what belongs to its phase. */
export type GatePhase = { key: string; name: string };
function deliverablesOfPhaseAccepted(conn: Conn, projectId: number, phase: GatePhase) {
  const rows = conn
    .select({ key: deliverables.key, title: deliverables.title, firm: vendorFirms.name, state: workflowInstances.stateValue })
    .from(deliverables)
    .innerJoin(contracts, eq(contracts.id, deliverables.contractId))
    .innerJoin(vendorFirms, eq(vendorFirms.id, contracts.firmId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, deliverables.instanceId))
    .where(and(eq(deliverables.projectId, projectId), eq(deliverables.phaseKey, phase.key)))
    .orderBy(asc(deliverables.key))
    .all();
  return {
    rule: `Every vendor deliverable due in the ${phase.name} phase is accepted or waived.`,
    missing: rows
      .filter((r) => r.state !== 'accepted' && r.state !== 'waived')
      .map((r) => `${r.key} ${r.title} (${r.firm}, ${(deliverableStateLabels[String(r.state) as DeliverableState] ?? String(r.state)).toLowerCase()})`),
  };
}

/**
 * A platform selection of the project is decided (issue 18): its sponsor signed the decision and no
 * reopening voided it since. It checks the decision only, not a signed contract with the chosen vendor
 * (the vendors module's contracts are with delivery partners, not platform vendors).
 */
function selectionDecided(conn: Conn, projectId: number) {
  const rule = 'A platform selection of the project is decided: its sponsor signed the decision (not reopened since). The contract itself is not checked.';
  const rows = conn
    .select({ key: selections.key, title: selections.title, state: workflowInstances.stateValue })
    .from(selections)
    .innerJoin(workflowInstances, eq(workflowInstances.id, selections.instanceId))
    .where(eq(selections.projectId, projectId))
    .orderBy(asc(selections.key))
    .all();
  if (rows.some((r) => r.state === 'decided')) return { rule, missing: [] };
  return {
    rule,
    missing: rows.length
      ? rows.map((r) => `${r.key} ${r.title} (${(selectionStateLabels[String(r.state) as SelectionState] ?? String(r.state)).toLowerCase()})`)
      : ['no platform selection yet'],
  };
}

export type Evaluator = {
  evaluate: (conn: Conn, projectId: number, phase: GatePhase) => { rule: string; missing: string[] };
  items: EvidenceItems;
  shownWith: ProjectPermission;
};
const evaluators: Record<EvidenceKind, Evaluator> = {
  'requirements.mustSignedOff': { evaluate: mustSignedOff, items: 'requirements', shownWith: 'requirement.view' },
  'requirements.mustCovered': { evaluate: mustCovered, items: 'requirements', shownWith: 'test.view' },
  'testing.criticalPass': { evaluate: criticalPass, items: 'test cases', shownWith: 'test.view' },
  'defects.noOpenSev1or2': { evaluate: noOpenSev1or2, items: 'defects', shownWith: 'test.view' },
  'parallel.signedAndExplained': { evaluate: parallelSignedAndExplained, items: 'parallel runs', shownWith: 'test.view' },
  'plans.publishedAndValidated': { evaluate: plansPublished, items: 'plans', shownWith: 'test.view' },
  // Deliverables may be of several firms: their keys are for the client side (a vendor sees the count).
  'vendors.deliverablesAccepted': { evaluate: deliverablesOfPhaseAccepted, items: 'vendor deliverables', shownWith: 'vendor.review' },
  'e3.baselineSigned': { evaluate: e3BaselineSigned, items: 'E3 cycles', shownWith: 'e3.view' },
  'e3.reviewHeld': { evaluate: e3ReviewHeld, items: 'E3 cycles', shownWith: 'e3.view' },
  'selection.decided': { evaluate: selectionDecided, items: 'platform selections', shownWith: 'selection.view' },
  'defects.noOpenSev1': { evaluate: noOpenSev1, items: 'defects', shownWith: 'test.view' },
  'parallel.signedOff': { evaluate: parallelSignedOff, items: 'parallel runs', shownWith: 'test.view' },
  ...recoveryEvaluators,
};

/** Evaluates the computed criteria of a gate checklist now. */
export function evaluateEvidence(conn: Conn, projectId: number, phase: GatePhase, checklist: ChecklistItem[]): EvidenceResult[] {
  return checklist
    .filter((item) => item.evidence)
    .map((item) => {
      const evaluator = evaluators[item.evidence as EvidenceKind];
      const { rule, missing } = evaluator
        ? evaluator.evaluate(conn, projectId, phase)
        : { rule: 'Unknown rule', missing: [`unknown evidence ${item.evidence}`] };
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
