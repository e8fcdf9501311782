import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { defects, plans, projects, requirements, requirementVersions, testCases } from '../schema';

export type SearchKind = 'project' | 'requirement' | 'case' | 'defect' | 'plan';
export type SearchRow = { kind: SearchKind; id: number; projectId: number; project: string; key: string; title: string };

/** `column` contains every word (case-insensitive; % and _ in a word match themselves). */
const containsAll = (words: string[], ...columns: SQL[]) => and(...words.map((w) => or(...columns.map((c) => sql`instr(lower(${c}), ${w}) > 0`))));

/**
 * Candidates for a search: items of the given projects (per kind, the projects where the person may
 * read that kind) whose key or title contains every word. At most `limit` per kind; the caller ranks.
 */
export function searchCandidates(conn: Conn, words: string[], projectIdsFor: Record<SearchKind, number[]>, limit: number): SearchRow[] {
  const out: SearchRow[] = [];
  const ids = (k: SearchKind) => projectIdsFor[k];
  if (ids('project').length > 0)
    out.push(
      ...conn
        .select({ id: projects.id, projectId: projects.id, project: projects.name, key: projects.client, title: projects.name })
        .from(projects)
        .where(and(inArray(projects.id, ids('project')), containsAll(words, sql`${projects.name}`, sql`${projects.client}`)))
        .limit(limit)
        .all()
        .map((r) => ({ ...r, kind: 'project' as const })),
    );
  if (ids('requirement').length > 0)
    out.push(
      ...conn
        .select({ id: requirements.id, projectId: requirements.projectId, project: projects.name, key: requirements.key, title: requirementVersions.title })
        .from(requirements)
        .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
        .innerJoin(projects, eq(projects.id, requirements.projectId))
        .where(and(inArray(requirements.projectId, ids('requirement')), containsAll(words, sql`${requirements.key}`, sql`${requirementVersions.title}`)))
        .limit(limit)
        .all()
        .map((r) => ({ ...r, kind: 'requirement' as const })),
    );
  if (ids('case').length > 0)
    out.push(
      ...conn
        .select({ id: testCases.id, projectId: testCases.projectId, project: projects.name, key: testCases.key, title: testCases.title })
        .from(testCases)
        .innerJoin(projects, eq(projects.id, testCases.projectId))
        .where(and(inArray(testCases.projectId, ids('case')), containsAll(words, sql`${testCases.key}`, sql`${testCases.title}`)))
        .limit(limit)
        .all()
        .map((r) => ({ ...r, kind: 'case' as const })),
    );
  if (ids('defect').length > 0)
    out.push(
      ...conn
        .select({ id: defects.id, projectId: defects.projectId, project: projects.name, key: defects.key, title: defects.title })
        .from(defects)
        .innerJoin(projects, eq(projects.id, defects.projectId))
        .where(and(inArray(defects.projectId, ids('defect')), containsAll(words, sql`${defects.key}`, sql`${defects.title}`)))
        .limit(limit)
        .all()
        .map((r) => ({ ...r, kind: 'defect' as const })),
    );
  if (ids('plan').length > 0)
    out.push(
      ...conn
        .select({ id: plans.id, projectId: plans.projectId, project: projects.name, key: plans.planKey, title: plans.name })
        .from(plans)
        .innerJoin(projects, eq(projects.id, plans.projectId))
        .where(and(inArray(plans.projectId, ids('plan')), containsAll(words, sql`${plans.planKey}`, sql`${plans.name}`)))
        .limit(limit)
        .all()
        .map((r) => ({ ...r, kind: 'plan' as const })),
    );
  return out;
}
