import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { plans, testCases } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { conflict, notFound } from '../errors';
import { id } from '../input';
import { versionForCases } from '../plans/effective';
import { inProject, requireProjectPermission } from '../project-access';
import { datasetHash } from '../testing/engine-run';
import { checkPayoutCase, csvFile, payoutCaseFields } from '../testing/payout-case';
import { markCasesStale } from '../testing/stale';

export const editPayoutCaseInput = z.object({
  ...payoutCaseFields,
  caseId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  /** The version the tester opened: a save over a newer one is refused. */
  baseVersion: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number('Reload the page and try again.').int().positive()),
  expectedCsv: csvFile(),
});

/**
 * Changes a payout case's data or expectations: the case gets its next version, and its latest result
 * (which ran the old version) becomes stale. `baseVersion` is the version the tester opened.
 */
export const editPayoutCase = defineCommand({
  input: editPayoutCaseInput,
  handle: ({ tx, actor, at }, input) => {
    const c = inProject(tx.select().from(testCases).where(eq(testCases.id, input.caseId)).get(), input.projectId, 'No such payout case in this project.');
    if (c.kind !== 'payout') throw notFound('No such payout case in this project.');
    requireProjectPermission(tx, actor, c.projectId, 'test.write');
    if (c.version !== input.baseVersion)
      throw conflict(`${c.key} was changed by someone else since you opened it (it is now version ${c.version}). Reload it and make your change again.`);
    const { title, tolerance } = input;
    const plan = tx.select().from(plans).where(eq(plans.id, c.planId!)).get()!;
    const document = versionForCases(tx, plan)!.document;
    const expected = checkPayoutCase(document, input);
    const next = {
      title,
      period: input.period,
      participantsCsv: input.participantsCsv,
      quotasCsv: input.quotasCsv,
      transactionsCsv: input.transactionsCsv,
      expected,
      tolerance,
      critical: input.critical,
      datasetHash: datasetHash(input),
    };
    tx.update(testCases)
      .set({ ...next, version: c.version + 1 })
      .where(eq(testCases.id, c.id))
      .run();
    markCasesStale(tx, { caseIds: [c.id], reason: `${c.key} changed to version ${c.version + 1}.`, actor: actor, at });
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: c.projectId,
      action: 'test.case_edited',
      subjectType: 'test_case',
      subjectId: c.key,
      before: {
        version: c.version,
        title: c.title,
        period: c.period,
        expected: c.expected,
        tolerance: c.tolerance,
        critical: c.critical,
        datasetHash: c.datasetHash,
      },
      after: { version: c.version + 1, ...next },
    });
    return { ...c, ...next, version: c.version + 1 };
  },
});
