import { eq } from 'drizzle-orm';
import { requirements } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { loadRequirementFor } from '../requirements/load';
import { type CommandContext, immediate } from './context';

/** Someone who reviewed a suspect requirement against the change clears the flag, saying so. */
export function clearSuspect(ctx: CommandContext, input: { requirementId: number }) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const { requirement } = loadRequirementFor(tx, ctx.actor, input.requirementId, 'requirement.write');
    if (!requirement.suspectSince) throw invalid(`${requirement.key} is not marked suspect.`);
    tx.update(requirements).set({ suspectSince: null, suspectReason: null }).where(eq(requirements.id, requirement.id)).run();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: requirement.projectId,
      action: 'requirement.suspect_cleared',
      subjectType: 'requirement',
      subjectId: requirement.key,
      before: { suspectSince: requirement.suspectSince, suspectReason: requirement.suspectReason },
      after: { suspectSince: null },
      detail: `Reviewed after: ${requirement.suspectReason}`,
    });
  }, immediate);
}
