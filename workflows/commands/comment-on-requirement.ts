import { requirementComments } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { loadRequirementFor } from '../requirements/load';
import { type CommandContext, immediate } from './context';

/** Adds to a requirement's discussion. Comments are append-only: a correction is another comment. */
export function commentOnRequirement(ctx: CommandContext, input: { requirementId: number; body: string }) {
  const body = input.body.trim();
  if (body.length === 0) throw invalid('Check the highlighted fields.', { body: 'Write a comment first.' });
  if (body.length > 10_000) throw invalid('Check the highlighted fields.', { body: 'Keep a comment under 10,000 characters.' });
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const { requirement, version } = loadRequirementFor(tx, ctx.actor, input.requirementId, 'requirement.comment');
    const row = tx
      .insert(requirementComments)
      .values({ requirementId: requirement.id, versionNumber: version.number, authorId: ctx.actor.id, body, createdAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: requirement.projectId,
      action: 'requirement.commented',
      subjectType: 'requirement',
      subjectId: requirement.key,
      after: { commentId: row.id, body },
    });
    return row;
  }, immediate);
}
