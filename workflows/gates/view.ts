import type { ProjectRole } from '~/db/schema';
import { type GateContext, type GateEvent, phaseGate, signatureMeaning } from '../machines/phase-gate';
import { type Actor, mayOnProject } from '../policy/roles';
import { allows, type InstanceRow, restore } from '../runtime';

export type GateActions = { requestReview: boolean; approve: boolean; reject: boolean };

/**
 * Which gate events this person may send now, asked of the machine itself (`can`) with the most
 * permissive well-formed payload, so the page shows exactly the forms the server would accept.
 */
export function gateActionsFor(
  instance: Pick<InstanceRow, 'id' | 'machineId' | 'machineVersion' | 'stateValue' | 'context'>,
  actor: Actor,
  roles: ProjectRole[],
  unmetEvidence: string[],
): GateActions {
  const snapshot = restore(phaseGate, instance);
  const context = instance.context as GateContext;
  const me = { id: actor.id, roles };
  const at = new Date().toISOString();
  const can = (event: GateEvent) => allows(snapshot, event);
  const decides = mayOnProject(actor, roles, 'gate.decide');
  return {
    requestReview:
      mayOnProject(actor, roles, 'gate.requestReview') &&
      can({
        type: 'REQUEST_REVIEW',
        actor: me,
        at,
        checklist: context.checklist.map((c) => ({ key: c.key, checked: true, note: '' })),
        approvers: [-1],
        unmetEvidence,
      }),
    approve: decides && can({ type: 'APPROVE', actor: me, at, meaning: signatureMeaning(context), unmetEvidence }),
    reject: decides && can({ type: 'REJECT', actor: me, at, reason: 'a reason long enough' }),
  };
}
