import type { AuditFilter } from '~/db/queries/audit';

export type AuditQuery = AuditFilter & { page: number; oldestFirst: boolean };

/**
 * The audit pages' filters, read from the query string (shared by the pages and the CSV export):
 * who (name contains), what (action), about (kind of item), project (the global audit only), a date
 * range, the page and the order.
 */
export function auditFilterFrom(url: URL): AuditQuery {
  const p = url.searchParams;
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const whole = (v: string | null) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
  return {
    actor: p.get('actor')?.trim().slice(0, 200) || undefined,
    action: p.get('action')?.trim().slice(0, 100) || undefined,
    subjectType: p.get('kind')?.trim().slice(0, 100) || undefined,
    projectId: whole(p.get('project')),
    from: day(p.get('from')),
    to: day(p.get('to')),
    page: whole(p.get('page')) ?? 1,
    oldestFirst: p.get('order') === 'oldest',
  };
}
