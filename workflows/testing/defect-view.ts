import type { ProjectRole } from '~/db/schema';
import { type DefectEvent, defectWorkflow } from '../machines/defect';
import { type Actor, mayOnProject, type ProjectPermission } from '../policy/roles';
import { availableEvents, type InstanceRef } from '../runtime';

export type DefectEventType = DefectEvent['type'];

/** The policy's word on each step (the machine adds who exactly: the fixer never verifies). */
const permissionFor: Record<DefectEventType, ProjectPermission> = {
  START: 'defect.fix',
  FIX: 'defect.fix',
  VERIFY: 'defect.verify',
  CLOSE: 'test.view',
  REOPEN: 'test.view',
};

/**
 * The steps this person may take on a defect now, in the machine's order: the events its current
 * state has transitions for that the machine's who-may check and the policy allow. A reopen's reason
 * is checked when it is sent, not guessed here.
 */
export function defectActionsFor(
  instance: InstanceRef,
  actor: Actor,
  roles: ProjectRole[],
  definition: typeof defectWorkflow = defectWorkflow,
): DefectEventType[] {
  const events = availableEvents(definition, instance, { id: actor.id, roles });
  return [...events].filter((type) => mayOnProject(actor, roles, permissionFor[type]));
}
