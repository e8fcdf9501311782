import { href, Link } from 'react-router';
import { requireAdmin } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { getDb } from '~/db/client';
import { listPeople } from '~/db/queries/people';
import { nowOf } from '~/workflows/clock';
import { roleLabels } from '~/workflows/policy/roles';
import type { Route } from './+types/admin-people';

export const meta: Route.MetaFunction = () => [{ title: 'People · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  await requireAdmin(request);
  const now = nowOf().toISOString();
  return {
    rows: listPeople(getDb()).map((p) => ({
      ...p,
      kind: p.isAdmin ? 'Admin' : p.vendorFirm ? 'Vendor' : 'Internal',
      locked: p.lockedUntil && p.lockedUntil > now ? `until ${p.lockedUntil.slice(11, 16)} UTC` : p.mustChangePassword ? 'must change password' : '',
      lastSignIn: p.lastSignIn ? `${p.lastSignIn.slice(0, 10)} ${p.lastSignIn.slice(11, 16)} UTC` : 'never',
      projects: (p.memberships ?? '')
        .split('\n')
        .filter(Boolean)
        .map((m) => {
          const [project = '', role = ''] = m.split('|');
          return `${project}: ${roleLabels[role as keyof typeof roleLabels] ?? role}`;
        })
        .sort()
        .join('; '),
    })),
  };
}

type Row = Route.ComponentProps['loaderData']['rows'][number];
const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', value: (r) => r.name, link: (r) => href('/admin/people/:userId', { userId: String(r.id) }) },
  { id: 'email', header: 'Email', value: (r) => r.email },
  { id: 'title', header: 'Title', value: (r) => r.title },
  { id: 'kind', header: 'Kind', value: (r) => r.kind, filter: 'select' },
  { id: 'firm', header: 'Vendor firm', value: (r) => r.vendorFirm ?? '' },
  { id: 'projects', header: 'Projects and roles', value: (r) => r.projects || '(none)' },
  { id: 'lastSignIn', header: 'Last sign-in', value: (r) => r.lastSignIn },
  { id: 'locked', header: 'Lock', value: (r) => r.locked },
];

export default function People({ loaderData }: Route.ComponentProps) {
  return (
    <>
      <div className="page-head">
        <h1>People</h1>
        <Link className="button primary" to={href('/admin/people/new')}>
          New person
        </Link>
      </div>
      <DataTable caption="Everyone who can sign in" rows={loaderData.rows} columns={columns} rowKey={(r) => String(r.id)} empty="No people yet." />
    </>
  );
}
