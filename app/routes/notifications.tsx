import { data, Form, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { failure, formObject } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { notificationsOf } from '~/db/queries/notifications';
import { markAllNotificationsRead, markNotificationRead } from '~/workflows/commands/mark-notifications-read';
import type { Route } from './+types/notifications';

export const meta: Route.MetaFunction = () => [{ title: 'Notifications · SPM Portal' }];

const kindLabels: Record<string, string> = {
  'signature.requested': 'Signature requested',
  'change.decided': 'Change decided',
  'item.overdue': 'Overdue',
  reminder: 'Reminder',
};

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return { rows: notificationsOf(getDb(), actor.id) };
}

/** `intent=read` with a notification id (only the reader's own), or `intent=readAll`. */
export async function action({ request }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  try {
    if (fields.intent === 'read') {
      markNotificationRead(ctx, fields);
      return { ok: 'Marked read.' };
    }
    if (fields.intent === 'readAll') {
      const n = markAllNotificationsRead(ctx, {});
      return { ok: `${n} notification${n === 1 ? '' : 's'} marked read.` };
    }
    throw data('Unknown action.', { status: 400 });
  } catch (error) {
    return failure(error);
  }
}

export default function Notifications({ loaderData: { rows }, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state !== 'idle';
  const unread = rows.filter((r) => !r.readAt).length;
  return (
    <>
      <div className="page-head">
        <h1>Notifications</h1>
        {unread > 0 && (
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            <button type="submit" disabled={busy}>
              Mark all read
            </button>
          </Form>
        )}
      </div>
      <p className="hint">
        What happened to your items: signatures asked of you, your change requests decided, items of yours overdue, and reminders. {unread} unread.
      </p>
      <ActionMessage result={actionData} />
      {rows.length === 0 && <p className="empty">Nothing new.</p>}
      {unread === 0 && rows.length > 0 && <p className="empty">Nothing new: everything below has been read.</p>}
      <NoticeList rows={rows.filter((r) => !r.readAt)} busy={busy} />
      {rows.length > unread && (
        <details open={unread === 0}>
          <summary>Read ({rows.length - unread})</summary>
          <NoticeList rows={rows.filter((r) => r.readAt)} busy={busy} />
        </details>
      )}
    </>
  );
}

type Row = Route.ComponentProps['loaderData']['rows'][number];

function NoticeList({ rows, busy }: { rows: Row[]; busy: boolean }) {
  if (rows.length === 0) return null;
  return (
    <ul className="notifications">
      {rows.map((n) => (
        <li key={n.id} className={n.readAt ? 'notification' : 'notification unread'} aria-label={n.readAt ? n.title : `Unread: ${n.title}`}>
          <div>
            <span className="badge">{kindLabels[n.kind] ?? n.kind}</span> <Link to={n.link}>{n.title}</Link>
            {!n.readAt && <strong className="unread-mark"> (unread)</strong>}
            {n.body && <p>{n.body}</p>}
            <p className="hint">
              <time dateTime={n.createdAt}>{n.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>
              {n.readAt && ` · read ${n.readAt.slice(0, 10)}`}
            </p>
          </div>
          {!n.readAt && (
            <Form method="post">
              <input type="hidden" name="intent" value="read" />
              <input type="hidden" name="notificationId" value={n.id} />
              <button type="submit" className="link-button" disabled={busy} aria-label={`Mark read: ${n.title}`}>
                Mark read
              </button>
            </Form>
          )}
        </li>
      ))}
    </ul>
  );
}
