import { Form } from 'react-router';
import { requireAdmin } from '~/app/auth/user.server';
import { getDb } from '~/db/client';
import { verifyAuditChain } from '~/workflows/audit';
import { nowOf } from '~/workflows/clock';
import type { Route } from './+types/admin-audit';

export const meta: Route.MetaFunction = () => [{ title: 'Audit chain · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  await requireAdmin(request);
  return { report: verifyAuditChain(getDb()), checkedAt: nowOf().toISOString() };
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { report, checkedAt } = loaderData;
  return (
    <>
      <h1>Audit chain</h1>
      <p>
        Every change in the portal appends a row to the audit log. Each row carries an HMAC of its content and of the row before it, made with a key kept
        outside the database, and the chain's length and last hash are anchored outside it too. A row changed or added without the key breaks the chain from
        that row on; rows removed from its end show as missing against the last anchor.
      </p>
      <section className={`card ${report.ok ? 'ok' : 'warning'}`} role="status">
        {report.ok ? (
          <p>
            <strong>The chain is intact:</strong> {report.rows} rows checked against {report.anchors} anchor{report.anchors === 1 ? '' : 's'} at{' '}
            {checkedAt.slice(0, 19).replace('T', ' ')} UTC.
          </p>
        ) : (
          <p>
            <strong>The chain is broken at row {report.brokenRowId}:</strong> {report.reason}. Rows before it are intact.
          </p>
        )}
      </section>
      <Form method="get">
        <button type="submit">Check again</button>
      </Form>
    </>
  );
}
