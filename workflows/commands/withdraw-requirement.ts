import { nowOf } from '../clock';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';
import { type CommandContext, immediate } from './context';

/** The author takes a version back out of review (signatures so far are dropped with the review). */
export function withdrawRequirement(ctx: CommandContext, input: { requirementId: number }) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const loaded = loadRequirementFor(tx, ctx.actor, input.requirementId, 'requirement.write');
    return applySignoffEvent(tx, loaded, {
      event: { type: 'WITHDRAW', actor: { id: ctx.actor.id, roles: loaded.roles }, at: at.toISOString() },
      actor: ctx.actor,
      at,
      action: 'requirement.withdrawn',
      detail: `${loaded.requirement.key} v${loaded.version.number} withdrawn from review.`,
    });
  }, immediate);
}
