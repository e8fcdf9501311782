import { and, count, desc, eq, gt, inArray, isNull, lt, max, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { mailOutbox, notificationSettings, notifications, workflowEvents } from '../schema';
import { builtOncePer } from './prepared';

/** A person's notifications, newest first (at most `limit`). */
export function notificationsOf(conn: Conn, userId: number, limit = 200) {
  return conn
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
}

// Every page's header reads it: built once per connection, answered from the (user_id, read_at) index.
const unreadQuery = builtOncePer((conn) =>
  conn
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
    .prepare(),
);

/** How many of a person's notifications are unread. */
export function unreadCountOf(conn: Conn, userId: number): number {
  return unreadQuery(conn).get({ userId })?.n ?? 0;
}

/** A notification's owner and whether it is read (null: no such notification). */
export function notificationOwner(conn: Conn, id: number) {
  return conn.select({ userId: notifications.userId, readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, id)).get() ?? null;
}

/** The mail outbox, newest first (at most `limit` rows). */
export function outboxRows(conn: Conn, limit = 1000) {
  return conn
    .select({
      id: mailOutbox.id,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
    })
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(limit)
    .all();
}

/** Messages not sent yet (after the id given), oldest first, that have been tried fewer than `maxAttempts` times. */
export function unsentMail(conn: Conn, maxAttempts: number, afterId = 0, limit = 50) {
  return conn
    .select()
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), lt(mailOutbox.attempts, maxAttempts), gt(mailOutbox.id, afterId)))
    .orderBy(mailOutbox.id)
    .limit(limit)
    .all();
}

/** The one settings row, or null before an admin first saved it. */
export function notificationSettingsRow(conn: Conn) {
  return conn.select().from(notificationSettings).where(eq(notificationSettings.id, 1)).get() ?? null;
}

/** Per workflow instance, when the latest event of one of these types happened (ISO instant). */
export function latestEventAt(conn: Conn, instanceIds: number[], types: string[]): Map<number, string> {
  if (instanceIds.length === 0) return new Map();
  const rows = conn
    .select({ instanceId: workflowEvents.instanceId, at: max(workflowEvents.at) })
    .from(workflowEvents)
    .where(and(inArray(workflowEvents.instanceId, instanceIds), inArray(workflowEvents.type, types)))
    .groupBy(workflowEvents.instanceId)
    .all();
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.instanceId, r.at as string]));
}
