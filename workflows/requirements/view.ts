import type { ProjectRole } from '~/db/schema';
import { type SignoffContext, type SignoffEvent, requirementSignoff } from '../machines/requirement-signoff';
import { type Actor, mayOnProject } from '../policy/roles';
import { allows, type InstanceRow, restore } from '../runtime';

export type RequirementActions = {
  edit: boolean;
  submit: boolean;
  sign: boolean;
  requestChanges: boolean;
  withdraw: boolean;
  retire: boolean;
  comment: boolean;
  link: boolean;
};

/** What this person may do to the current version now, asked of the sign-off machine (`can`). */
export function requirementActionsFor(
  instance: Pick<InstanceRow, 'id' | 'machineId' | 'machineVersion' | 'stateValue' | 'context'>,
  actor: Actor,
  roles: ProjectRole[],
): RequirementActions {
  const snapshot = restore(requirementSignoff, instance);
  const context = instance.context as SignoffContext;
  const me = { id: actor.id, roles };
  const at = new Date().toISOString();
  const can = (e: SignoffEvent) => allows(snapshot, e);
  const writes = mayOnProject(actor, roles, 'requirement.write');
  const signs = mayOnProject(actor, roles, 'requirement.sign');
  const state = String(instance.stateValue);
  return {
    // A draft is edited by its author; a signed-off version by any writer (it becomes a new version).
    edit: writes && (state === 'signedOff' || can({ type: 'EDIT', actor: me, at, fingerprint: `${context.fingerprint}x` })),
    submit: writes && can({ type: 'SUBMIT', actor: me, at, signers: [-1], fingerprint: context.fingerprint }),
    sign: signs && can({ type: 'SIGN', actor: me, at, meaning: 'reviewed, no objection', fingerprint: context.fingerprint }),
    requestChanges: signs && can({ type: 'REQUEST_CHANGES', actor: me, at, comment: 'a long enough comment' }),
    withdraw: writes && can({ type: 'WITHDRAW', actor: me, at }),
    retire: writes && can({ type: 'RETIRE', actor: me, at }),
    comment: mayOnProject(actor, roles, 'requirement.comment'),
    link: writes,
  };
}
