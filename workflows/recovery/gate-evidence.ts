import type { Conn } from '~/db/client';
import type { Evaluator } from '../gates/evidence';
import { areaAssessed, type RecoveryArea, recoveryAreaLabels, recoveryWorkflow } from '../machines/recovery';
import { contextOf } from '../runtime';
import { recoveryInstanceOf } from './access';

/**
 * The Recovery template's gate criteria, computed from the recovery (issue 17): an Assess criterion is
 * met when its area is rated with a finding; the corrective phase's when the plan is saved as a schedule
 * baseline, and when the sponsor accepted it. The same `areaAssessed` the machine's PRESENT guard reads.
 */
const assessedAreas = ['scope', 'resources', 'roles', 'testing', 'control'] as const satisfies readonly RecoveryArea[];
export const recoveryEvidenceKinds = [
  'recovery.scopeAssessed',
  'recovery.resourcesAssessed',
  'recovery.rolesAssessed',
  'recovery.testingAssessed',
  'recovery.controlAssessed',
  'recovery.planWritten',
  'recovery.planAccepted',
] as const;
type RecoveryEvidenceKind = (typeof recoveryEvidenceKinds)[number];

const contextAt = (conn: Conn, projectId: number) => {
  const instance = recoveryInstanceOf(conn, projectId);
  return instance ? { context: contextOf(recoveryWorkflow, instance), state: String(instance.stateValue) } : null;
};

const areaRule = (area: (typeof assessedAreas)[number]) => (conn: Conn, projectId: number) => {
  const label = recoveryAreaLabels[area];
  const rule = `${label} is rated on the recovery's assessment with its findings.`;
  const r = contextAt(conn, projectId);
  if (!r) return { rule, missing: ['no recovery started'] };
  return { rule, missing: areaAssessed(r.context.areas[area]) ? [] : [`${label} (not rated with findings yet)`] };
};

function planWritten(conn: Conn, projectId: number) {
  const rule = 'A corrective plan is saved as a new schedule baseline.';
  const r = contextAt(conn, projectId);
  if (!r) return { rule, missing: ['no recovery started'] };
  return { rule, missing: r.context.plan?.baselineId ? [] : ['no corrective plan saved yet'] };
}

function planAccepted(conn: Conn, projectId: number) {
  const rule = 'The sponsor accepted the corrective plan with a signature.';
  const r = contextAt(conn, projectId);
  if (!r) return { rule, missing: ['no recovery started'] };
  return {
    rule,
    missing: r.context.acceptance
      ? []
      : [`corrective plan not accepted (${r.context.plan ? `revision ${r.context.plan.revision} awaits the sponsor` : 'none saved'})`],
  };
}

const area = (a: (typeof assessedAreas)[number]): Evaluator => ({ evaluate: areaRule(a), items: 'recovery areas', shownWith: 'recovery.view' });
export const recoveryEvaluators: Record<RecoveryEvidenceKind, Evaluator> = {
  'recovery.scopeAssessed': area('scope'),
  'recovery.resourcesAssessed': area('resources'),
  'recovery.rolesAssessed': area('roles'),
  'recovery.testingAssessed': area('testing'),
  'recovery.controlAssessed': area('control'),
  'recovery.planWritten': { evaluate: planWritten, items: 'recovery areas', shownWith: 'recovery.view' },
  'recovery.planAccepted': { evaluate: planAccepted, items: 'recovery areas', shownWith: 'recovery.view' },
};
