import { z } from 'zod';
import { criterionGroups, selectionCriteria } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { checkbox, text } from '../input';
import { loadSelectionFor, requireDrafted, selectionRef } from '../selection/access';
import { weight } from '../selection/weights';

export const addSelectionCriterionInput = z.object({
  ...selectionRef,
  group: z.enum(criterionGroups, 'Choose the criterion’s group.'),
  name: text({ max: 200, min: 3, message: 'Name the criterion (at least 3 characters).' }),
  weight: weight(),
  /** Scored from the candidates' fit to the must-have needs instead of by the evaluators. */
  derived: checkbox(),
});

/** A criterion in its group, with its weight, while the criteria are drafted. */
export const addSelectionCriterion = defineCommand({
  input: addSelectionCriterionInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    requireDrafted(loaded);
    const criterion = tx
      .insert(selectionCriteria)
      .values({ selectionId: data.selectionId, group: data.group, name: data.name, weight: data.weight, derived: data.derived })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.criterion_added',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      after: { group: criterion.group, name: criterion.name, weight: criterion.weight, derived: criterion.derived },
    });
    return criterion;
  },
});
