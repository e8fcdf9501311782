import { and, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { requirementLinks, requirements } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id } from '../input';
import { loadRequirementFor } from '../requirements/load';

/** Relates two requirements of one project (a change to either makes the other suspect). */
export const linkRequirements = defineCommand({
  input: z.object({ requirementId: id(), otherKey: z.string().trim().toUpperCase().max(20) }),
  handle: ({ tx, actor, at }, { requirementId, otherKey }) => {
    const { requirement } = loadRequirementFor(tx, actor, requirementId, 'requirement.write');
    const other = tx
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, requirement.projectId), eq(requirements.key, otherKey)))
      .get();
    if (!other) throw invalid('Check the highlighted fields.', { otherKey: `There is no ${otherKey || 'such requirement'} in this project.` });
    if (other.id === requirement.id) throw invalid('Check the highlighted fields.', { otherKey: 'A requirement cannot link to itself.' });
    const exists = tx
      .select()
      .from(requirementLinks)
      .where(
        or(
          and(eq(requirementLinks.fromId, requirement.id), eq(requirementLinks.toId, other.id)),
          and(eq(requirementLinks.fromId, other.id), eq(requirementLinks.toId, requirement.id)),
        ),
      )
      .get();
    if (exists) throw invalid('Check the highlighted fields.', { otherKey: `${requirement.key} is already linked to ${other.key}.` });
    tx.insert(requirementLinks).values({ fromId: requirement.id, toId: other.id, createdAt: at.toISOString() }).run();
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: requirement.projectId,
      action: 'requirement.linked',
      subjectType: 'requirement',
      subjectId: requirement.key,
      after: { linkedTo: other.key },
    });
  },
});
