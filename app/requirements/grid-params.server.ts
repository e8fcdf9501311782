import type { RequirementGridQuery } from '~/db/queries/requirements';

const sorts = ['key', 'title', 'category', 'priority', 'status', 'owner', 'updated'] as const;

/** The register's filters, sort and page, read from the query string (page, export and bench share it). */
export function gridQueryFrom(url: URL, projectId: number): RequirementGridQuery {
  const p = url.searchParams;
  const sort = p.get('sort');
  return {
    projectId,
    search: p.get('q')?.trim() || undefined,
    status: p.get('status') || undefined,
    category: p.get('category') || undefined,
    priority: p.get('priority') || undefined,
    ownerId: Number(p.get('owner')) || undefined,
    suspect: p.get('suspect') === '1' || undefined,
    sort: (sorts as readonly string[]).includes(sort ?? '') ? (sort as RequirementGridQuery['sort']) : 'key',
    desc: p.get('desc') === '1',
    page: Math.max(Number(p.get('page')) || 1, 1),
    pageSize: 50,
  };
}
