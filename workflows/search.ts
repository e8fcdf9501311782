import type { Conn } from '~/db/client';
import { groupByProject, membershipsOf } from '~/db/queries/projects';
import { type SearchKind, type SearchRow, searchCandidates } from '~/db/queries/search';
import { projects } from '~/db/schema';
import { type Actor, mayOnProject, type ProjectPermission } from './policy/roles';

/** What a person needs on a project to find each kind there: the permission its own page asks for. */
const readsWith: Record<SearchKind, ProjectPermission> = {
  project: 'project.view',
  requirement: 'requirement.view',
  case: 'test.view',
  defect: 'test.view',
  plan: 'test.view',
};

export const searchLimits = { queryChars: 200, words: 8, results: 50 };

export type SearchHit = SearchRow & { score: number };

/**
 * One search across the projects a person may see: requirements, payout cases, defects, plans and
 * projects whose key or title holds every word of the query. Ranked by how the key and the title
 * match (an exact key first, then a key that starts with the query, then the whole query in the title),
 * then by key. Only projects the person is on (any project for an admin), and on each only the kinds
 * their role may read there.
 */
export function search(conn: Conn, actor: Actor, query: string): { query: string; hits: SearchHit[]; tooShort: boolean } {
  const q = query.trim().slice(0, searchLimits.queryChars).toLowerCase();
  const words = [...new Set(q.split(/\s+/).filter(Boolean))].slice(0, searchLimits.words);
  if (words.length === 0 || q.length < 2) return { query: q, hits: [], tooShort: q.length > 0 };
  const rolesOf = groupByProject(membershipsOf(conn, actor.id));
  const visible = actor.isAdmin
    ? conn
        .select({ id: projects.id })
        .from(projects)
        .all()
        .map((p) => p.id)
    : [...rolesOf.keys()];
  const projectIdsFor = Object.fromEntries(
    (Object.keys(readsWith) as SearchKind[]).map((kind) => [
      kind,
      visible.filter((id) =>
        mayOnProject(
          actor,
          (rolesOf.get(id) ?? []).map((m) => m.role),
          readsWith[kind],
        ),
      ),
    ]),
  ) as Record<SearchKind, number[]>;
  const hits = searchCandidates(conn, words, projectIdsFor, searchLimits.results).map((r) => ({ ...r, score: scoreOf(r, q) }));
  hits.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key) || a.id - b.id);
  return { query: q, hits: hits.slice(0, searchLimits.results), tooShort: false };
}

function scoreOf(r: SearchRow, q: string): number {
  const key = r.key.toLowerCase();
  const title = r.title.toLowerCase();
  if (key === q) return 100;
  if (key.startsWith(q)) return 60;
  if (title === q) return 50;
  if (title.startsWith(q)) return 40;
  if (title.includes(q)) return 30;
  return 10;
}
