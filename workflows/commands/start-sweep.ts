import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { planSweep, SweepRequest } from '../modeling/sweeps';

/**
 * A sensitivity sweep started on a scenario: its range is checked (every step's plan must validate) and
 * the sweep is recorded, audited; the steps are then run one by one (workflows/modeling/sweeps.ts).
 */
export const startSweep = defineCommand({
  input: SweepRequest,
  handle: ({ tx, actor, at }, input) => {
    const { inputs, variable, points } = planSweep(tx, actor, input);
    emitAudit(tx, {
      at,
      actor,
      projectId: input.projectId,
      action: 'model.sweep_run',
      subjectType: 'scenario',
      subjectId: String(inputs.scenario.id),
      after: { scenario: inputs.scenario.name, variable: variable.label, from: input.from, to: input.to, steps: input.steps, dataset: inputs.dataset.name },
    });
    return { label: variable.label, unit: variable.unit, values: points.map((p) => p.value) };
  },
});
