import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { selectionCandidates, selectionCosts, selectionFits } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound } from '../errors';
import { id } from '../input';
import { candidateName, loadSelectionFor, requireDrafted, selectionRef } from '../selection/access';

export const removeSelectionCandidateInput = z.object({ ...selectionRef, candidateId: id() });

/** Takes a candidate out while the criteria are drafted, with its fits and cost lines (nobody has scored yet). */
export const removeSelectionCandidate = defineCommand({
  input: removeSelectionCandidateInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    requireDrafted(loaded);
    const candidate = tx
      .select()
      .from(selectionCandidates)
      .where(and(eq(selectionCandidates.id, data.candidateId), eq(selectionCandidates.selectionId, data.selectionId)))
      .get();
    if (!candidate) throw notFound('No such candidate in this selection.');
    tx.delete(selectionFits).where(eq(selectionFits.candidateId, candidate.id)).run();
    tx.delete(selectionCosts).where(eq(selectionCosts.candidateId, candidate.id)).run();
    tx.delete(selectionCandidates).where(eq(selectionCandidates.id, candidate.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.candidate_removed',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      before: { candidate: candidateName(candidate), category: candidate.category },
    });
  },
});
