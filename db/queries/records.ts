import { asc, eq } from 'drizzle-orm';
import type { Conn } from '../client';
import { defects, deliverables, requirements, requirementVersions } from '../schema';

/**
 * A project's requirements (with their current title), deliverables and defects as key and title, in
 * the order they were made: what a form offers when something links to or names them (RAID links, a
 * change request's impact).
 */
export function projectRecordChoices(conn: Conn, projectId: number) {
  return {
    requirements: conn
      .select({ id: requirements.id, key: requirements.key, title: requirementVersions.title })
      .from(requirements)
      .leftJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
      .where(eq(requirements.projectId, projectId))
      .orderBy(asc(requirements.id))
      .all(),
    deliverables: conn
      .select({ id: deliverables.id, key: deliverables.key, title: deliverables.title })
      .from(deliverables)
      .where(eq(deliverables.projectId, projectId))
      .orderBy(asc(deliverables.id))
      .all(),
    defects: conn
      .select({ id: defects.id, key: defects.key, title: defects.title })
      .from(defects)
      .where(eq(defects.projectId, projectId))
      .orderBy(asc(defects.id))
      .all(),
  };
}
