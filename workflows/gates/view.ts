import type { ProjectRole } from '~/db/schema';
import { phaseGate } from '../machines/phase-gate';
import { type Actor, mayOnProject } from '../policy/roles';
import { availableEvents, type InstanceRef } from '../runtime';

export type GateActions = { requestReview: boolean; approve: boolean; reject: boolean };

/**
 * Which gate forms this person sees now: the events the gate's current state has transitions for,
 * that the machine's who-may check lets them send (their place in the review, the computed criteria)
 * and that the policy grants their role. What they will write in the form is not guessed at: the
 * machine checks it when the real event comes.
 */
export function gateActionsFor(
  instance: InstanceRef,
  actor: Actor,
  roles: ProjectRole[],
  unmetEvidence: string[],
  definition: typeof phaseGate = phaseGate,
): GateActions {
  const events = availableEvents(definition, instance, { actor: { id: actor.id, roles }, unmetEvidence });
  const decides = mayOnProject(actor, roles, 'gate.decide');
  return {
    requestReview: events.has('REQUEST_REVIEW') && mayOnProject(actor, roles, 'gate.requestReview'),
    approve: events.has('APPROVE') && decides,
    reject: events.has('REJECT') && decides,
  };
}
