import type { Conn } from '~/db/client';
import { datasetList, planVersionChoices, scenarioList } from '~/db/queries/modeling';
import { type Actor, mayOnProject } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { modelingLimitsText } from './datasets';

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
