import type { Conn } from '~/db/client';
import { datasetList, planVersionChoices, scenarioList } from '~/db/queries/modeling';
import { type Actor, mayOnProject } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { planSummary } from '../testing/plan-summary';
import { thinCurve } from './curve-points';
import { loadDataset, modelingLimitsText, planForDataset } from './datasets';
import { runDesignedCurve, runModel } from './runner';

/** The modeling page of a project: its datasets and scenarios, and what the person may do there. */
export function modelingPage(conn: Conn, actor: Actor, projectId: number) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'model.view');
  const versions = planVersionChoices(conn, projectId);
  const planChoices = [...new Map(versions.map((v) => [v.planId, { id: v.planId, key: v.planKey, name: v.name }])).values()];
  return {
    project: { id: project.id, name: project.name },
    datasets: datasetList(conn, projectId).map(({ parameters, ...d }) => ({
      ...d,
      seed: parameters && typeof parameters.seed === 'number' ? parameters.seed : null,
    })),
    scenarios: scenarioList(conn, projectId).map(({ changes, ...s }) => ({ ...s, changeCount: Array.isArray(changes) ? changes.length : 0 })),
    plans: planChoices,
    versions,
    write: mayOnProject(actor, roles, 'model.write'),
    limits: modelingLimitsText,
  };
}

/**
 * A dataset's page: the dataset, its scenarios, its plan's version in effect in words beside the form
 * for a new scenario, and that version's results on the whole dataset (the first run also parses the
 * dataset and keeps it ready for the scenarios that follow). Runs in the job thread.
 */
export function datasetPage(conn: Conn, actor: Actor, projectId: number, datasetId: number) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'model.view');
  const stored = loadDataset(conn, projectId, datasetId);
  const row = datasetList(conn, projectId).find((d) => d.id === datasetId);
  const { plan, version } = planForDataset(conn, projectId, stored.planId);
  const run = runModel(conn, stored, version.document, []);
  return {
    project: { id: project.id, name: project.name },
    dataset: { ...(row as NonNullable<typeof row>), parameters: stored.parameters },
    plan: { id: plan.id, key: plan.planKey, name: plan.name, version: version.number },
    summary: planSummary(version.document),
    scenarios: scenarioList(conn, projectId).filter((s) => s.datasetId === datasetId),
    versions: planVersionChoices(conn, projectId).filter((v) => v.planId === plan.id),
    run: run.ok ? { ok: true as const, results: { ...run.results, payCurve: { ...run.results.payCurve, value: thinCurve(run.results.payCurve.value) } } } : run,
    designed: runDesignedCurve(stored, version.document, []),
    write: mayOnProject(actor, roles, 'model.write'),
  };
}
export type DatasetPage = ReturnType<typeof datasetPage>;
