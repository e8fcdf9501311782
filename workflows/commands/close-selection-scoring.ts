import { z } from 'zod';
import { defineCommand } from '../command';
import { applySelectionEvent, loadSelectionFor, selectionRef } from '../selection/access';

export const closeSelectionScoringInput = z.object(selectionRef);

/** The PM closes scoring before every evaluator submitted (at least one sheet is in): the results count the submitted sheets. */
export const closeSelectionScoring = defineCommand({
  input: closeSelectionScoringInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data);
    const missing = loaded.context.evaluatorIds.filter((e) => !loaded.context.submitted.some((s) => s.evaluatorId === e));
    return applySelectionEvent(tx, loaded, {
      event: { type: 'CLOSE_SCORING', actor: loaded.party, at: at.toISOString() },
      actor,
      at,
      action: 'selection.scoring_closed',
      detail: `${loaded.selection.key} scoring closed with ${loaded.context.submitted.length} sheet(s); ${missing.length} not submitted.`,
    });
  },
});
