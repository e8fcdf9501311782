import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { costKinds, selectionCandidates, selectionCosts } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound, refused } from '../errors';
import { amount, id } from '../input';
import { candidateName, loadSelectionFor, selectionRef } from '../selection/access';

const money = () => amount({ digits: 12, decimals: 2, message: 'An amount such as 120000 or 950.50 (no currency sign).' });

export const recordSelectionCostsInput = z.object({
  ...selectionRef,
  candidateId: id(),
  lines: z.array(z.object({ kind: z.enum(costKinds), year: z.number().int().min(1).max(5), amount: money() })).max(costKinds.length * 5),
});

/**
 * A candidate's five-year cost lines (licences, implementation, internal staff, support; years 1-5),
 * replaced as a whole. Quotes arrive during scoring, so they may be entered until scoring is over; the
 * decision signs the costs shown with the results.
 */
export const recordSelectionCosts = defineCommand({
  input: recordSelectionCostsInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data, 'selection.manage');
    if (loaded.state === 'review' || loaded.state === 'decided') throw refused('Scoring is over: the costs the results show no longer change.');
    const candidate = tx
      .select()
      .from(selectionCandidates)
      .where(and(eq(selectionCandidates.id, data.candidateId), eq(selectionCandidates.selectionId, data.selectionId)))
      .get();
    if (!candidate) throw notFound('No such candidate in this selection.');
    const before = tx.select().from(selectionCosts).where(eq(selectionCosts.candidateId, candidate.id)).all();
    tx.delete(selectionCosts).where(eq(selectionCosts.candidateId, candidate.id)).run();
    const lines = data.lines.filter((l) => !/^0*(\.0*)?$/.test(l.amount));
    for (const l of lines) tx.insert(selectionCosts).values({ candidateId: candidate.id, kind: l.kind, year: l.year, amount: l.amount }).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.costs_recorded',
      subjectType: 'selection',
      subjectId: loaded.selection.key,
      before: { lines: before.map((l) => ({ kind: l.kind, year: l.year, amount: l.amount })) },
      after: { candidate: candidateName(candidate), lines },
    });
  },
});
