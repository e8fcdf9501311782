import { z } from 'zod';
import { platformCategories, selectionCandidates } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { text } from '../input';
import { candidateName, loadSelectionFor, requireDrafted, selectionRef } from '../selection/access';

export const addSelectionCandidateInput = z.object({
  ...selectionRef,
  vendorName: text({ max: 120, min: 2, message: 'Name the vendor.' }),
  product: text({ max: 120, min: 2, message: 'Name the product.' }),
  category: z.enum(platformCategories, 'Choose ICM, TQM or CRM.'),
});

/** A candidate platform (vendor, product, category) while the criteria are drafted. */
export const addSelectionCandidate = defineCommand({
  input: addSelectionCandidateInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    requireDrafted(loaded);
    const candidate = tx
      .insert(selectionCandidates)
      .values({ selectionId: data.selectionId, vendorName: data.vendorName, product: data.product, category: data.category })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.candidate_added',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      after: { candidate: candidateName(candidate), category: candidate.category },
    });
    return candidate;
  },
});
