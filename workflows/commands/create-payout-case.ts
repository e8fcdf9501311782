import { z } from 'zod';
import { defineCommand } from '../command';
import { id, optionalId } from '../input';
import { csvFile, insertPayoutCase, payoutCaseFields } from '../testing/payout-case';

export const createPayoutCaseInput = z.object({
  ...payoutCaseFields,
  cycleId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  planId: id('Choose a plan of this project.'),
  expectedCsv: csvFile(),
  /** Requirement keys as a tester types them ("REQ-001 REQ-002"), each of which must exist in the project. */
  verifies: z
    .preprocess((v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : (v ?? [])), z.array(z.string().trim().toUpperCase().max(20)).max(200))
    .default([]),
  assigneeId: optionalId('Choose a tester from the list.'),
});
export type CreatePayoutCaseInput = z.input<typeof createPayoutCaseInput>;

/** A tester writes a payout case: a dataset the engine can run with the plan, and expected payouts. */
export const createPayoutCase = defineCommand({
  input: createPayoutCaseInput,
  handle: ({ tx, actor, at }, { verifies, ...data }) => insertPayoutCase(tx, actor, at, { ...data, requirementKeys: verifies }),
});
