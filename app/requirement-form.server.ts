import { asc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { methodologyPhases, projects } from '~/db/schema';

/** What the requirement form offers: the project's stakeholders as owners, its methodology's phases. */
export function requirementFormOptions(conn: Conn, projectId: number) {
  const project = conn.select().from(projects).where(eq(projects.id, projectId)).get()!;
  return {
    owners: projectMemberList(conn, projectId)
      .filter((m) => m.role === 'stakeholder')
      .map((m) => ({ userId: m.userId, name: m.name })),
    phases: conn
      .select({ key: methodologyPhases.key, name: methodologyPhases.name })
      .from(methodologyPhases)
      .where(eq(methodologyPhases.methodologyId, project.methodologyId))
      .orderBy(asc(methodologyPhases.position))
      .all(),
  };
}
