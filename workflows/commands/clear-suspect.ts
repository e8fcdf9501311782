import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requirements } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id } from '../input';
import { loadRequirementFor } from '../requirements/load';

/** Someone who reviewed a suspect requirement against the change clears the flag, saying so. */
export const clearSuspect = defineCommand({
  input: z.object({ requirementId: id() }),
  handle: ({ tx, actor, at }, data) => {
    const { requirement } = loadRequirementFor(tx, actor, data.requirementId, 'requirement.write');
    if (!requirement.suspectSince) throw invalid(`${requirement.key} is not marked suspect.`);
    tx.update(requirements).set({ suspectSince: null, suspectReason: null }).where(eq(requirements.id, requirement.id)).run();
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: requirement.projectId,
      action: 'requirement.suspect_cleared',
      subjectType: 'requirement',
      subjectId: requirement.key,
      before: { suspectSince: requirement.suspectSince, suspectReason: requirement.suspectReason },
      after: { suspectSince: null },
      detail: `Reviewed after: ${requirement.suspectReason}`,
    });
  },
});
