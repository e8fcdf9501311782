import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { fitLevels, selectionCandidates, selectionFits, selectionNeeds } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid, notFound } from '../errors';
import { id } from '../input';
import { candidateName, loadSelectionFor, requireDrafted, selectionRef } from '../selection/access';

export const recordSelectionFitInput = z.object({
  ...selectionRef,
  candidateId: id(),
  fits: z.array(z.object({ requirementId: id(), fit: z.enum(fitLevels, 'Choose how the candidate meets this need.') })),
});

/**
 * How one candidate meets each linked need: out of the box, configured, custom, or not met. A criterion
 * derived from the needs scores from these (workflows/selection/results.ts), so they are set before the
 * lock and signed with it.
 */
export const recordSelectionFit = defineCommand({
  input: recordSelectionFitInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    requireDrafted(loaded);
    const candidate = tx
      .select()
      .from(selectionCandidates)
      .where(and(eq(selectionCandidates.id, data.candidateId), eq(selectionCandidates.selectionId, data.selectionId)))
      .get();
    if (!candidate) throw notFound('No such candidate in this selection.');
    const needs = new Set(
      tx
        .select()
        .from(selectionNeeds)
        .where(eq(selectionNeeds.selectionId, data.selectionId))
        .all()
        .map((n) => n.requirementId),
    );
    const errors: Record<string, string> = {};
    for (const f of data.fits) if (!needs.has(f.requirementId)) errors[`fit.${f.requirementId}`] = 'Not a need of this selection.';
    if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
    tx.delete(selectionFits).where(eq(selectionFits.candidateId, candidate.id)).run();
    for (const f of data.fits)
      tx.insert(selectionFits).values({ selectionId: data.selectionId, candidateId: candidate.id, requirementId: f.requirementId, fit: f.fit }).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.fit_recorded',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      after: { candidate: candidateName(candidate), fits: data.fits },
    });
  },
});
