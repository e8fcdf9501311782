import { z } from 'zod';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { loadSelectionFor, missingOnSheet, selectionData, selectionRef } from '../selection/access';
import { scoreCell, writeSheet } from '../selection/sheet';

export const saveScoreSheetInput = z.object({ ...selectionRef, cells: z.array(scoreCell).max(2000) });

/** An evaluator saves their sheet as a draft (no one else reads it until scoring is over or they have all submitted). */
export const saveScoreSheet = defineCommand({
  input: saveScoreSheetInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.score');
    const setup = selectionData(tx, loaded.selection.id);
    const written = writeSheet(tx, actor, at, loaded, setup, data.cells);
    const missing = missingOnSheet(tx, loaded.selection.id, actor.id, setup);
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.scores_saved',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      detail: `${written} cell(s) saved; ${missing} still missing.`,
    });
    return { written, missing };
  },
});
