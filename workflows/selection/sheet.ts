import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '~/db/client';
import { selectionScores } from '~/db/schema';
import { invalid, refused } from '../errors';
import { id, text } from '../input';
import type { Actor } from '../policy/roles';
import type { LoadedSelection, SelectionData } from './access';

/** One cell of a score sheet: a score 1-5 (or none yet) and a comment. */
export const scoreCell = z.object({
  candidateId: id(),
  criterionId: id(),
  score: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : typeof v === 'string' ? Number(v) : v),
    z.number('A score is 1 to 5.').int('A score is 1 to 5.').min(1, 'A score is 1 to 5.').max(5, 'A score is 1 to 5.').nullable(),
  ),
  comment: text({ max: 2000 }).default(''),
});
export type ScoreCell = z.output<typeof scoreCell>;

/**
 * Writes the evaluator's own cells (the step shared by saving and submitting a sheet): only a named
 * evaluator, while scoring runs and before they submitted; only candidates and scored (not derived)
 * criteria of this selection. A cell without a score keeps its comment as a draft only if scored later.
 */
export function writeSheet(tx: Tx, actor: Actor, at: Date, loaded: LoadedSelection, data: SelectionData, cells: ScoreCell[]) {
  if (!loaded.context.evaluatorIds.includes(actor.id)) throw refused('Only a named evaluator has a score sheet.');
  if (loaded.state !== 'scoring') throw refused('Scores are entered while scoring is open: after the sponsor locked the criteria and the PM opened scoring.');
  if (loaded.context.submitted.some((s) => s.evaluatorId === actor.id)) throw refused('Your score sheet is already submitted.');
  const errors: Record<string, string> = {};
  for (const c of cells) {
    const okCandidate = data.candidates.some((x) => x.id === c.candidateId);
    const okCriterion = data.criteria.some((x) => x.id === c.criterionId && !x.derived);
    if (!okCandidate || !okCriterion) errors[`score.${c.candidateId}.${c.criterionId}`] = 'Not a cell of this score sheet.';
  }
  if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
  let written = 0;
  for (const c of cells) {
    const where = and(
      eq(selectionScores.evaluatorId, actor.id),
      eq(selectionScores.candidateId, c.candidateId),
      eq(selectionScores.criterionId, c.criterionId),
    );
    if (c.score === null) {
      tx.delete(selectionScores).where(where).run();
      continue;
    }
    const existing = tx.select().from(selectionScores).where(where).get();
    if (existing) {
      if (existing.score === c.score && existing.comment === c.comment) continue;
      tx.update(selectionScores).set({ score: c.score, comment: c.comment, updatedAt: at.toISOString() }).where(eq(selectionScores.id, existing.id)).run();
    } else
      tx.insert(selectionScores)
        .values({
          selectionId: loaded.selection.id,
          evaluatorId: actor.id,
          candidateId: c.candidateId,
          criterionId: c.criterionId,
          score: c.score,
          comment: c.comment,
          updatedAt: at.toISOString(),
        })
        .run();
    written++;
  }
  return written;
}
