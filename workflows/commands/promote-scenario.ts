import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { modelingScenarios } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { refused } from '../errors';
import { id } from '../input';
import { applyScenario, isDatasetChange } from '../modeling/scenario';
import { changesOf, loadScenario } from '../modeling/scenarios';
import { checkedPlan, createDraftVersion, documentHashOf, latestVersionOf, versionUnderWay } from '../plans/draft';
import { requireProjectPermission } from '../project-access';

export const promoteScenarioInput = z.object({ projectId: id(), scenarioId: id() });

/**
 * A scenario becomes the next draft version of its plan (issue 13): the scenario's version document with
 * its changes, which then goes through the plan approval workflow. The draft's note names the scenario
 * and the scenario records the draft. Refused while a version of the plan is under way (a plan has one
 * at a time), and for a scenario that changes the dataset (quotas, target incentives are not part of a
 * plan document, so the draft could not pay what the scenario shows). Audited on the plan and the scenario.
 */
export const promoteScenario = defineCommand({
  input: promoteScenarioInput,
  handle: ({ tx, actor, at }, input) => {
    requireProjectPermission(tx, actor, input.projectId, 'model.write');
    requireProjectPermission(tx, actor, input.projectId, 'plan.write');
    const { scenario, version, plan } = loadScenario(tx, input.projectId, input.scenarioId);
    const changes = changesOf(scenario);
    const datasetChanges = changes.filter(isDatasetChange);
    if (datasetChanges.length)
      throw refused(
        `“${scenario.name}” changes quotas or target incentives, which are not part of the plan document: copy the scenario without those changes to promote its plan changes.`,
      );
    const open = versionUnderWay(tx, plan.id);
    if (open)
      throw refused(
        `${plan.planKey} version ${open.number} is ${open.label}: a plan has one version under way at a time; continue or withdraw that one before promoting a scenario.`,
      );
    const applied = applyScenario(version.document, changes);
    if (!applied.ok)
      throw refused(`The scenario’s changes no longer apply to ${plan.planKey} version ${version.number}: ${applied.problems.map((p) => p.message).join(' ')}`);
    checkedPlan(applied.document);
    const number = (latestVersionOf(tx, plan.id)?.version.number ?? 0) + 1;
    const draft = createDraftVersion(tx, {
      plan,
      number,
      document: applied.document,
      documentHash: documentHashOf(applied.document),
      note: `From scenario “${scenario.name}” (#${scenario.id}) on version ${version.number}`,
      actor,
      at,
      audit: {
        action: 'plan.version_from_scenario',
        detail: `${plan.planKey} v${number} started as a draft from scenario “${scenario.name}” (#${scenario.id}) on v${version.number}.`,
      },
    });
    tx.update(modelingScenarios).set({ promotedVersionId: draft.id }).where(eq(modelingScenarios.id, scenario.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: plan.projectId,
      action: 'model.scenario_promoted',
      subjectType: 'scenario',
      subjectId: String(scenario.id),
      after: { draft: `${plan.planKey} v${draft.number}`, documentHash: draft.documentHash },
    });
    return { plan, version: draft };
  },
});
