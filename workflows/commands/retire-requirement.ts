import { nowOf } from '../clock';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';
import { type CommandContext, immediate } from './context';

/** The author or the PM retires a requirement that no longer applies; its history stays. */
export function retireRequirement(ctx: CommandContext, input: { requirementId: number }) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const loaded = loadRequirementFor(tx, ctx.actor, input.requirementId, 'requirement.write');
    return applySignoffEvent(tx, loaded, {
      event: { type: 'RETIRE', actor: { id: ctx.actor.id, roles: loaded.roles }, at: at.toISOString() },
      actor: ctx.actor,
      at,
      action: 'requirement.retired',
      detail: `${loaded.requirement.key} retired.`,
    });
  }, immediate);
}
