import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { mailOutbox, type NotificationKind, notifications, users } from '~/db/schema';

export type Notice = {
  userIds: number[];
  projectId: number | null;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** A portal path to the item the notice is about. */
  link: string;
  /**
   * Said once per person: a second notice with the same key is not written (the sweep's reminders and
   * overdue notices). A command's notice has none: each request is news.
   */
  key?: string;
  at: Date;
};

/** The subject line of a notice's e-mail. */
export const mailSubject = (title: string) => `[SPM Portal] ${title}`;

/**
 * Tells each person named: one notification and its e-mail in the outbox per person, written in the
 * caller's transaction, so a command that rolls back notifies no one and one that commits always does.
 * Returns how many people were told (a keyed notice already given is not counted).
 */
export function notify(tx: Tx, notice: Notice): number {
  const ids = [...new Set(notice.userIds)];
  if (ids.length === 0) return 0;
  const people = tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids)).all();
  const createdAt = notice.at.toISOString();
  const body = notice.body ?? '';
  let told = 0;
  for (const person of people) {
    const [row] = tx
      .insert(notifications)
      .values({
        userId: person.id,
        projectId: notice.projectId,
        kind: notice.kind,
        title: notice.title,
        body,
        link: notice.link,
        key: notice.key ?? null,
        createdAt,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id })
      .all();
    if (!row) continue;
    told += 1;
    tx.insert(mailOutbox)
      .values({
        notificationId: row.id,
        toAddress: person.email,
        subject: mailSubject(notice.title),
        body: `${body ? `${body}\n\n` : ''}Open it in the SPM Portal: ${notice.link}\n`,
        createdAt,
      })
      .run();
  }
  return told;
}

/**
 * The person acted on the item (signed it, decided it, sent it back): the notices and reminders that
 * asked them to are read, so what is unread is what still waits on them.
 */
export function settleNotices(tx: Tx, userId: number, link: string, at: Date) {
  tx.update(notifications)
    .set({ readAt: at.toISOString() })
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.link, link),
        isNull(notifications.readAt),
        inArray(notifications.kind, ['signature.requested', 'reminder']),
      ),
    )
    .run();
}
