import { type ChangeState, changeStateLabels } from '~/workflows/machines/change-request';
import { type GateState, gateStateLabels } from '~/workflows/machines/phase-gate';
import { type PlanVersionState, planVersionStateLabels } from '~/workflows/machines/plan-approval';
import { type SignoffState, signoffStateLabels } from '~/workflows/machines/requirement-signoff';

export function GateBadge({ state }: { state: string }) {
  return <span className={`badge gate-${state}`}>{gateStateLabels[state as GateState] ?? state}</span>;
}

/** A project's computed status colour (workflows/status): the same everywhere it is shown. */
export function RagBadge({ colour }: { colour: string }) {
  return <span className={`badge rag-${colour}`}>{colour}</span>;
}

export function RequirementBadge({ state }: { state: string }) {
  return <span className={`badge req-${state}`}>{signoffStateLabels[state as SignoffState] ?? state}</span>;
}

/** A plan version's approval state; versions uploaded before approvals existed read as in effect or superseded. */
export function PlanVersionBadge({ state }: { state: string }) {
  return <span className={`badge plan-${state}`}>{planVersionStateLabels[state as PlanVersionState] ?? state}</span>;
}

/** A change request's state (issue 14). */
export function ChangeBadge({ state }: { state: string }) {
  return <span className={`badge change-${state}`}>{changeStateLabels[state as ChangeState] ?? state}</span>;
}
