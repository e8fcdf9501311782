import { z } from 'zod';
import type { Conn } from '~/db/client';
import { invalid } from '../errors';
import { id } from '../input';
import type { Actor } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { runCost } from './runner';
import { SWEEP_MAX_STEPS, SWEEP_MIN_STEPS, sweep, sweepVariables, variableIdOf } from './scenario';
import { scenarioInputs } from './scenarios';

/**
 * Sensitivity sweeps (issue 13): one variable of a scenario stepped over a range, each step a full
 * engine run on the scenario's dataset (workflows/modeling/runner.ts keeps it parsed). The page asks
 * for the steps one request at a time, so it can show progress and others' pages are served between
 * them; every step is computed from the same request fields, so no sweep state is kept on the server.
 */

const stepsMessage = `Steps: a whole number from ${SWEEP_MIN_STEPS} to ${SWEEP_MAX_STEPS}.`;
export const sweepFields = {
  projectId: id(),
  scenarioId: id(),
  variable: z.string('Choose what to vary.').trim().min(1, 'Choose what to vary.').max(200),
  from: z.string('Give the first value.').trim().min(1, 'Give the first value.').max(30, 'The first value is too long.'),
  to: z.string('Give the last value.').trim().min(1, 'Give the last value.').max(30, 'The last value is too long.'),
  steps: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number(stepsMessage).int(stepsMessage).min(SWEEP_MIN_STEPS, stepsMessage).max(SWEEP_MAX_STEPS, stepsMessage),
  ),
};
export const SweepRequest = z.object(sweepFields);
export type SweepRequest = z.infer<typeof SweepRequest>;

/** The sweep's steps: the variable and, per step, the changed document and dataset changes; refused next to the field at fault. */
export function planSweep(conn: Conn, actor: Actor, req: SweepRequest) {
  requireProjectPermission(conn, actor, req.projectId, 'model.view');
  const inputs = scenarioInputs(conn, req.projectId, req.scenarioId);
  if (!inputs.changed.ok) throw invalid('This scenario’s own changes do not validate: correct the scenario before sweeping it.');
  const variable = sweepVariables(inputs.changed.document).find((v) => v.id === req.variable);
  if (!variable) throw invalid('Check the highlighted fields.', { variable: 'Choose a variable of this scenario’s plan from the list.' });
  // The scenario's own change of the variable, if any, is replaced by the swept value.
  const others = inputs.changes.filter((c) => variableIdOf(c) !== variable.id);
  const points = sweep(inputs.base.document, variable.template, req.from, req.to, req.steps, others);
  if (!points.ok) {
    const field = /steps/.test(points.message) && !/decimal numbers|same value/.test(points.message) ? 'steps' : 'to';
    throw invalid(points.message, { [field]: `${points.message}${points.problems ? ` ${points.problems.map((p) => p.message).join(' ')}` : ''}` });
  }
  return { inputs, variable, points: points.points };
}

export type SweepStep =
  | { value: string; ok: true; currency: string; totalCost: string; creditedRevenue: string; costOfSales: string | null }
  | { value: string; ok: false; problems: string[] };

/** One step of a sweep, a full engine run: its total cost, credited revenue and cost of sales. */
export function sweepStep(conn: Conn, actor: Actor, req: SweepRequest, index: number): SweepStep {
  const { inputs, points } = planSweep(conn, actor, req);
  const point = points[index];
  if (!point) throw invalid(`This sweep has steps 1 to ${points.length}.`);
  const run = runCost(conn, inputs.stored, point.document, point.datasetChanges);
  if (!run.ok) return { value: point.value, ok: false, problems: run.problems.map((p) => p.message) };
  const r = run.figures;
  return {
    value: point.value,
    ok: true,
    currency: r.currency,
    totalCost: r.totalCost.value,
    creditedRevenue: r.creditedRevenue.value,
    costOfSales: r.costOfSales.value,
  };
}
