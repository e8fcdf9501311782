import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { plans, requirements, requirementVersions, testCycles } from '~/db/schema';
import { validatePlan } from '~/engine';
import { defineCommand } from '../command';
import { invalid, notFound } from '../errors';
import { id } from '../input';
import { versionForCases } from '../plans/effective';
import { requireProjectPermission } from '../project-access';
import { draftCaseFromExample } from '../testing/from-example';
import { CaseRefused, insertPayoutCase } from '../testing/payout-case';

export const caseFromExampleInput = z.object({
  requirementId: id(),
  exampleIndex: z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : v), z.number('Choose a worked example.').int().min(0)),
  cycleId: id('Choose a test cycle of this project.'),
  planId: id('Choose a plan of this project.'),
  /** Absent: critical when the requirement is a must-have. */
  critical: z.boolean().optional(),
});

/**
 * Turns a requirement's worked example into a payout case in one act: the dataset is drafted from the
 * example's inputs, the expected payouts are the example's, and the case verifies the requirement.
 */
export const caseFromExample = defineCommand({
  input: caseFromExampleInput,
  handle: ({ tx, actor, at }, input) => {
    const requirement = tx.select().from(requirements).where(eq(requirements.id, input.requirementId)).get();
    if (!requirement) throw notFound('No such requirement.');
    requireProjectPermission(tx, actor, requirement.projectId, 'test.write');
    const version = tx.select().from(requirementVersions).where(eq(requirementVersions.id, requirement.currentVersionId!)).get()!;
    const example = version.examples[input.exampleIndex];
    if (!example)
      throw invalid(`${requirement.key} has no worked example number ${input.exampleIndex + 1}.`, { exampleIndex: 'Choose one of the worked examples.' });
    const cycle = tx
      .select()
      .from(testCycles)
      .where(and(eq(testCycles.id, input.cycleId), eq(testCycles.projectId, requirement.projectId)))
      .get();
    if (!cycle) throw invalid('Check the highlighted fields.', { cycleId: 'Choose a test cycle of this project.' });
    const plan = tx
      .select()
      .from(plans)
      .where(and(eq(plans.id, input.planId), eq(plans.projectId, requirement.projectId)))
      .get();
    const checkedAgainst = plan ? versionForCases(tx, plan) : null;
    if (!plan || !checkedAgainst) throw invalid('Check the highlighted fields.', { planId: 'Choose a plan of this project.' });
    const document = checkedAgainst.document;
    const compiled = validatePlan(JSON.parse(document));
    if (!compiled.ok) throw invalid('The plan’s current version does not validate.');
    const drafted = draftCaseFromExample(compiled.value, example, `${cycle.plannedStart.slice(0, 4)}-Q1`);
    if (!drafted.ok) throw new CaseRefused(drafted.problems.map((message) => ({ file: 'worked example', line: 0, message })));
    const created = insertPayoutCase(tx, actor, at, {
      projectId: requirement.projectId,
      cycleId: cycle.id,
      title: `${requirement.key}: ${example.name}`,
      planId: plan.id,
      ...drafted.dataset,
      expected: drafted.expected,
      tolerance: '0',
      critical: input.critical ?? version.priority === 'must',
      requirementIds: [requirement.id],
    });
    return { testCase: created, notes: drafted.notes };
  },
});
