import { and, eq } from 'drizzle-orm';
import { validatePlan } from '~/engine';
import { planVersions, plans, requirementVersions, requirements, testCycles } from '~/db/schema';
import { nowOf } from '../clock';
import { invalid, notFound } from '../errors';
import { requireProjectPermission } from '../project-access';
import { draftCaseFromExample } from '../testing/from-example';
import { type CommandContext, immediate } from './context';
import { CaseRefused, insertPayoutCase } from './create-payout-case';

/**
 * Turns a requirement's worked example into a payout case in one act: the dataset is drafted from the
 * example's inputs, the expected payouts are the example's, and the case verifies the requirement.
 */
export function caseFromExample(
  ctx: CommandContext,
  input: { requirementId: number; exampleIndex: number; cycleId: number; planId: number; critical?: boolean },
) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const requirement = tx.select().from(requirements).where(eq(requirements.id, input.requirementId)).get();
    if (!requirement) throw notFound('No such requirement.');
    requireProjectPermission(tx, ctx.actor, requirement.projectId, 'test.write');
    const version = tx.select().from(requirementVersions).where(eq(requirementVersions.id, requirement.currentVersionId!)).get()!;
    const example = version.examples[input.exampleIndex];
    if (!example) throw invalid(`${requirement.key} has no worked example number ${input.exampleIndex + 1}.`);
    const cycle = tx.select().from(testCycles).where(and(eq(testCycles.id, input.cycleId), eq(testCycles.projectId, requirement.projectId))).get();
    if (!cycle) throw invalid('Check the highlighted fields.', { cycleId: 'Choose a test cycle of this project.' });
    const plan = tx.select().from(plans).where(and(eq(plans.id, input.planId), eq(plans.projectId, requirement.projectId))).get();
    if (!plan?.currentVersionId) throw invalid('Check the highlighted fields.', { planId: 'Choose a plan of this project.' });
    const document = tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get()!.document;
    const compiled = validatePlan(JSON.parse(document));
    if (!compiled.ok) throw invalid('The plan’s current version does not validate.');
    const drafted = draftCaseFromExample(compiled.value, example, `${cycle.plannedStart.slice(0, 4)}-Q1`);
    if (!drafted.ok) throw new CaseRefused(drafted.problems.map((message) => ({ file: 'worked example', line: 0, message })));
    const created = insertPayoutCase(tx, ctx.actor, at, {
      cycleId: cycle.id,
      title: `${requirement.key}: ${example.name}`,
      planId: plan.id,
      ...drafted.dataset,
      expected: drafted.expected,
      critical: input.critical ?? version.priority === 'must',
      requirementIds: [requirement.id],
    });
    return { testCase: created, notes: drafted.notes };
  }, immediate);
}
