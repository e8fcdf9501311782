import { useEffect, useRef } from 'react';
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

/** "/" anywhere outside a text field moves to the search box, as in most tools people come from. */
function useSearchShortcut() {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      e.preventDefault();
      box.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return box;
}

export default function AppLayout({ loaderData }: Route.ComponentProps) {
  const { user, unread, portfolio } = loaderData;
  const searchBox = useSearchShortcut();
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
          <NavLink to={href('/notifications')}>
            Notifications{unread > 0 && ' '}
            {unread > 0 && (
              // the count is read out with its meaning; the visible name starts the accessible one (WCAG 2.5.3)
              <span className="nav-count">
                {unread}
                <span className="visually-hidden"> unread</span>
              </span>
            )}
          </NavLink>
          {user.isAdmin && <NavLink to={href('/admin/people')}>People</NavLink>}
          {user.isAdmin && <NavLink to={href('/admin/audit')}>Audit trail</NavLink>}
          {user.isAdmin && <NavLink to={href('/admin/status-rules')}>Status rules</NavLink>}
          {user.isAdmin && <NavLink to={href('/admin/outbox')}>Outbox</NavLink>}
        </nav>
        <Form method="get" action={href('/search')} role="search" className="topbar-search">
          <input ref={searchBox} type="search" name="q" aria-label="Search (press /)" placeholder="Search  /" maxLength={200} />
        </Form>
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
