import { requirementComments } from '~/db/schema';
import { nowOf } from '../clock';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';
import { type CommandContext, immediate } from './context';

/** A signer sends the version back to its author with a comment (also added to the discussion). */
export function requestRequirementChanges(ctx: CommandContext, input: { requirementId: number; comment: string }) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const loaded = loadRequirementFor(tx, ctx.actor, input.requirementId, 'requirement.sign');
    const applied = applySignoffEvent(tx, loaded, {
      event: { type: 'REQUEST_CHANGES', actor: { id: ctx.actor.id, roles: loaded.roles }, at: at.toISOString(), comment: input.comment },
      actor: ctx.actor,
      at,
      action: 'requirement.changes_requested',
      detail: `Changes requested: ${input.comment.trim()}`,
    });
    tx.insert(requirementComments)
      .values({
        requirementId: loaded.requirement.id,
        versionNumber: loaded.version.number,
        authorId: ctx.actor.id,
        body: `Changes requested: ${input.comment.trim()}`,
        createdAt: at.toISOString(),
      })
      .run();
    return applied;
  }, immediate);
}
