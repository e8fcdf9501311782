import type { AuditFilter } from '~/db/queries/audit';

/** The audit page's filters, read from the query string (shared by the page and its CSV export). */
export function auditFilterFrom(url: URL): AuditFilter {
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  return {
    actor: url.searchParams.get('actor')?.trim() || undefined,
    action: url.searchParams.get('action')?.trim() || undefined,
    from: day(url.searchParams.get('from')),
    to: day(url.searchParams.get('to')),
  };
}
