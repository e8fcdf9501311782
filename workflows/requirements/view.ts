import type { ProjectRole } from '~/db/schema';
import { requirementSignoff } from '../machines/requirement-signoff';
import { type Actor, mayOnProject } from '../policy/roles';
import { availableEvents, type InstanceRef } from '../runtime';

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

/**
 * What this person may do to the current version now: the events the sign-off machine's current state
 * has transitions for, that its who-may check lets them send (author, named signer who has not signed,
 * PM) and that the policy grants their role. The payload (signers, meaning, comment) is checked when
 * the real event comes, so a stricter rule never hides a button.
 */
export function requirementActionsFor(
  instance: InstanceRef,
  actor: Actor,
  roles: ProjectRole[],
  definition: typeof requirementSignoff = requirementSignoff,
): RequirementActions {
  const events = availableEvents(definition, instance, { id: actor.id, roles });
  const writes = mayOnProject(actor, roles, 'requirement.write');
  const signs = mayOnProject(actor, roles, 'requirement.sign');
  const state = String(instance.stateValue);
  return {
    // A draft is edited by its author; a signed-off version by any writer (it becomes a new version).
    edit: writes && (state === 'signedOff' || events.has('EDIT')),
    submit: writes && events.has('SUBMIT'),
    sign: signs && events.has('SIGN'),
    requestChanges: signs && events.has('REQUEST_CHANGES'),
    withdraw: writes && events.has('WITHDRAW'),
    retire: writes && events.has('RETIRE'),
    comment: mayOnProject(actor, roles, 'requirement.comment'),
    link: writes,
  };
}
