import { Form, href } from 'react-router';
import { auditFilterFrom } from '~/app/audit/filter.server';
import { auditActionOptions, auditKindOptions, auditPageSize } from '~/app/audit/options.server';
import { requireAdmin } from '~/app/auth/user.server';
import { AuditTrail } from '~/app/components/AuditTrail';
import { getDb } from '~/db/client';
import { auditPage, auditProjectChoices } from '~/db/queries/audit';
import { verifyAuditChain } from '~/workflows/audit';
import { auditRowsForPeople } from '~/workflows/audit-view';
import { nowOf } from '~/workflows/clock';
import type { Route } from './+types/admin-audit';

export const meta: Route.MetaFunction = () => [{ title: 'Audit trail · SPM Portal' }];

/** The whole portal's audit trail for an administrator: its chain checked, then every row, filtered and paged. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireAdmin(request);
  const db = getDb();
  const url = new URL(request.url);
  const filter = auditFilterFrom(url);
  const page = auditPage(db, { ...filter, pageSize: auditPageSize });
  return {
    // Checking the chain reads every row: only when asked for, not on each filter or page.
    chain: url.searchParams.has('verify') ? { report: verifyAuditChain(db), checkedAt: nowOf().toISOString() } : null,
    rows: auditRowsForPeople(db, page.rows, { admin: true }),
    paging: { total: page.total, page: page.page, pageSize: page.pageSize },
    filter,
    actions: auditActionOptions,
    kinds: auditKindOptions,
    projects: auditProjectChoices(db).map((p) => ({ value: String(p.id), label: p.name })),
  };
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { chain, rows, paging, filter, actions, kinds, projects } = loaderData;
  return (
    <>
      <h1>Audit trail</h1>
      <p>
        Every change in the portal appends a row to the audit log. Each row carries an HMAC of its content and of the row before it, made with a key kept
        outside the database, and the chain's length and last hash are anchored outside it too. A row changed or added without the key breaks the chain from
        that row on; rows removed from its end show as missing against the last anchor.
      </p>
      {chain && (
        <section className={`card ${chain.report.ok ? 'ok' : 'warning'}`} role="status">
          {chain.report.ok ? (
            <p>
              <strong>The chain is intact:</strong> {chain.report.rows} rows checked against {chain.report.anchors} anchor
              {chain.report.anchors === 1 ? '' : 's'} at {chain.checkedAt.slice(0, 19).replace('T', ' ')} UTC.
            </p>
          ) : (
            <p>
              <strong>The chain is broken at row {chain.report.brokenRowId}:</strong> {chain.report.reason}. Rows before it are intact.
            </p>
          )}
        </section>
      )}
      <Form method="get">
        <input type="hidden" name="verify" value="1" />
        <button type="submit">{chain ? 'Check the chain again' : 'Check the chain'}</button>
      </Form>
      <h2>Every row</h2>
      <AuditTrail
        caption="Audit trail of the portal"
        rows={rows}
        paging={paging}
        filter={filter}
        actions={actions}
        kinds={kinds}
        projects={projects}
        clearHref={href('/admin/audit')}
      />
    </>
  );
}
