import { z } from 'zod';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { changesOf, insertScenario, loadScenario } from '../modeling/scenarios';
import { requireProjectPermission } from '../project-access';

export const copyScenarioInput = z.object({
  projectId: id(),
  scenarioId: id(),
  name: z.preprocess((v) => (v === '' ? undefined : v), text({ max: 120, min: 2, message: 'Give the copy a name (at least 2 characters).' }).optional()),
});

/** A scenario copied (its version, dataset and changes) under a new name, recording what it was copied from; audited. */
export const copyScenario = defineCommand({
  input: copyScenarioInput,
  handle: ({ tx, actor, at }, input) => {
    requireProjectPermission(tx, actor, input.projectId, 'model.write');
    const { scenario } = loadScenario(tx, input.projectId, input.scenarioId);
    const changes = changesOf(scenario);
    return insertScenario(tx, actor, at, {
      projectId: input.projectId,
      name: input.name ?? `Copy of ${scenario.name}`.slice(0, 120),
      planVersionId: scenario.planVersionId,
      datasetId: scenario.datasetId,
      changes,
      origins: changes.map(() => 'changesJson' as const),
      copiedFrom: scenario.id,
    });
  },
});
