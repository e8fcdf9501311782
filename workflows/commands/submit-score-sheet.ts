import { z } from 'zod';
import { defineCommand } from '../command';
import { applySelectionEvent, loadSelectionFor, missingOnSheet, selectionData, selectionRef } from '../selection/access';
import { scoreCell, writeSheet } from '../selection/sheet';

export const submitScoreSheetInput = z.object({ ...selectionRef, cells: z.array(scoreCell).max(2000).default([]) });

/**
 * An evaluator submits their complete sheet (every candidate on every scored criterion, with a
 * comment), saving what they posted first; the machine refuses an incomplete one. The last sheet owed
 * takes the selection to review.
 */
export const submitScoreSheet = defineCommand({
  input: submitScoreSheetInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.score');
    const setup = selectionData(tx, loaded.selection.id);
    writeSheet(tx, actor, at, loaded, setup, data.cells);
    const missing = missingOnSheet(tx, loaded.selection.id, actor.id, setup);
    return applySelectionEvent(tx, loaded, {
      event: { type: 'SUBMIT', actor: loaded.party, at: at.toISOString(), missing },
      actor,
      at,
      action: 'selection.scores_submitted',
      detail: `${loaded.selection.key}: ${actor.name} submitted a score sheet.`,
    });
  },
});
