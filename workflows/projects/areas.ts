import type { Conn } from '~/db/client';
import type { projectKinds } from '~/db/schema';

type ProjectKind = (typeof projectKinds)[number];

import { type Actor, mayOnProject, type ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { raidLogReadable } from '../raid/access';

/**
 * The areas of a project, in the order the project's navigation shows them, each with the permission its
 * own page asks for: the navigation offers exactly the areas whose page would open for the person.
 */
const areas: { path: string; label: string; permission: ProjectPermission; onlyFor?: ProjectKind }[] = [
  { path: '', label: 'Overview', permission: 'project.view' },
  { path: '/requirements', label: 'Requirements', permission: 'requirement.view' },
  { path: '/selections', label: 'Selection', permission: 'selection.view' },
  { path: '/baselines', label: 'Baselines', permission: 'requirement.view' },
  { path: '/plans', label: 'Plans', permission: 'test.view' },
  { path: '/testing', label: 'Testing', permission: 'test.view' },
  { path: '/defects', label: 'Defects', permission: 'test.view' },
  { path: '/traceability', label: 'Traceability', permission: 'test.view' },
  { path: '/parallel-runs', label: 'Parallel runs', permission: 'test.view' },
  { path: '/modeling', label: 'Modeling', permission: 'model.view' },
  { path: '/vendors', label: 'Vendors', permission: 'vendor.view' },
  { path: '/raid', label: 'RAID log', permission: 'raid.view' },
  { path: '/changes', label: 'Changes', permission: 'change.view' },
  { path: '/schedule', label: 'Schedule', permission: 'change.view' },
  { path: '/reports', label: 'Status reports', permission: 'change.view' },
  { path: '/recovery', label: 'Recovery', permission: 'recovery.view', onlyFor: 'recovery' },
  // E3 optimization (issue 17): only on optimization projects, the only ones with programme data.
  { path: '/optimization', label: 'Optimization', permission: 'e3.view', onlyFor: 'optimization' },
  { path: '/audit', label: 'Audit', permission: 'project.viewAudit' },
  { path: '/members', label: 'Members', permission: 'project.manageMembers' },
];

/** The project (404 when the person is not on it) and the areas this person may open, with their links. */
export function projectShell(conn: Conn, actor: Actor, projectId: number) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'project.view');
  const may = (permission: ProjectPermission) =>
    permission === 'raid.view' ? raidLogReadable(conn, actor, projectId, roles) : mayOnProject(actor, roles, permission);
  return {
    project: { id: project.id, name: project.name },
    areas: areas
      .filter((a) => (!a.onlyFor || a.onlyFor === project.kind) && may(a.permission))
      .map((a) => ({ label: a.label, to: `/projects/${projectId}${a.path}` })),
  };
}
