import { z } from 'zod';
import { defineCommand } from '../command';
import { applySelectionEvent, loadSelectionFor, selectionRef } from '../selection/access';

export const openSelectionScoringInput = z.object(selectionRef);

/** The PM opens scoring once the criteria are locked: each named evaluator fills in their own sheet. */
export const openSelectionScoring = defineCommand({
  input: openSelectionScoringInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data);
    return applySelectionEvent(tx, loaded, {
      event: { type: 'OPEN_SCORING', actor: loaded.party, at: at.toISOString() },
      actor,
      at,
      action: 'selection.scoring_opened',
      detail: `${loaded.selection.key} scoring opened.`,
    });
  },
});
