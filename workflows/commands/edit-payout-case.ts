import { eq } from 'drizzle-orm';
import { planVersions, plans, testCases } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { conflict, invalid, notFound } from '../errors';
import { requireProjectPermission } from '../project-access';
import { checkDataset, datasetHash, type PayoutDataset } from '../testing/engine-run';
import { parseExpectedCsv } from '../testing/expected';
import { markCasesStale } from '../testing/stale';
import { type CommandContext, immediate } from './context';
import { CaseRefused } from './create-payout-case';

/**
 * Changes a payout case's data or expectations: the case gets its next version, and its latest result
 * (which ran the old version) becomes stale. `baseVersion` is the version the tester opened.
 */
export function editPayoutCase(
  ctx: CommandContext,
  input: PayoutDataset & { caseId: number; baseVersion: number; title: string; expectedCsv: string; tolerance: string; critical: boolean },
) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const c = tx.select().from(testCases).where(eq(testCases.id, input.caseId)).get();
    if (c?.kind !== 'payout') throw notFound('No such payout case.');
    requireProjectPermission(tx, ctx.actor, c.projectId, 'test.write');
    if (c.version !== input.baseVersion)
      throw conflict(`${c.key} was changed by someone else since you opened it (it is now version ${c.version}). Reload it and make your change again.`);
    const title = input.title.trim();
    if (title.length < 3) throw invalid('Check the highlighted fields.', { title: 'Give the case a title.' });
    const tolerance = input.tolerance.trim() || '0';
    if (!/^\d{1,6}(\.\d{1,6})?$/.test(tolerance)) throw invalid('Check the highlighted fields.', { tolerance: 'Tolerance is a non-negative amount, e.g. 0 or 0.01.' });
    const plan = tx.select().from(plans).where(eq(plans.id, c.planId!)).get()!;
    const document = tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId!)).get()!.document;
    const problems = checkDataset(document, input);
    const expected = parseExpectedCsv(input.expectedCsv);
    if (!expected.ok) problems.push(...expected.problems);
    if (problems.length || !expected.ok) throw new CaseRefused(problems);
    const next = { title, period: input.period, participantsCsv: input.participantsCsv, quotasCsv: input.quotasCsv, transactionsCsv: input.transactionsCsv, expected: expected.lines, tolerance, critical: input.critical, datasetHash: datasetHash(input) };
    tx.update(testCases).set({ ...next, version: c.version + 1 }).where(eq(testCases.id, c.id)).run();
    markCasesStale(tx, { caseIds: [c.id], reason: `${c.key} changed to version ${c.version + 1}.`, actor: ctx.actor, at });
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: c.projectId,
      action: 'test.case_edited',
      subjectType: 'test case',
      subjectId: c.key,
      before: { version: c.version, title: c.title, period: c.period, expected: c.expected, tolerance: c.tolerance, critical: c.critical, datasetHash: c.datasetHash },
      after: { version: c.version + 1, ...next },
    });
    return { ...c, ...next, version: c.version + 1 };
  }, immediate);
}
