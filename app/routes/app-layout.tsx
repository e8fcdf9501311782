import { Form, href, NavLink, Outlet } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { PendingNotice } from '~/app/components/PendingNotice';
import { getDb } from '~/db/client';
import { unreadCountOf } from '~/db/queries/notifications';
import { mayViewPortfolio } from '~/workflows/status/portfolio';
import type { Route } from './+types/app-layout';

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const db = getDb();
  return { user: { name: user.name, isAdmin: user.isAdmin }, unread: unreadCountOf(db, user.id), portfolio: mayViewPortfolio(db, user) };
}

export default function AppLayout({ loaderData }: Route.ComponentProps) {
  const { user, unread, portfolio } = loaderData;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to={href('/')} className="brand">
          SPM Portal
        </NavLink>
        <nav aria-label="Main">
          <NavLink to={href('/')} end>
            My work
          </NavLink>
          <NavLink to={href('/projects')}>Projects</NavLink>
          {portfolio && <NavLink to={href('/portfolio')}>Portfolio</NavLink>}
          <NavLink to={href('/notifications')} aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}>
            Notifications
            {unread > 0 && <span className="nav-count">{unread}</span>}
          </NavLink>
          {user.isAdmin && <NavLink to={href('/admin/people')}>People</NavLink>}
          {user.isAdmin && <NavLink to={href('/admin/audit')}>Audit chain</NavLink>}
          {user.isAdmin && <NavLink to={href('/admin/status-rules')}>Status rules</NavLink>}
          {user.isAdmin && <NavLink to={href('/admin/outbox')}>Outbox</NavLink>}
        </nav>
        <div className="who">
          <NavLink to={href('/account/password')} title="Your account: change your password">
            {user.name}
          </NavLink>
          <Form method="post" action={href('/logout')}>
            <button type="submit" className="link-button">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <PendingNotice />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
