import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant, oneOf } from './columns';
import { users } from './people';
import { projects } from './projects';

export const notificationKinds = ['signature.requested', 'change.decided', 'item.overdue', 'reminder'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * What happened to a person's items (issue 14): a signature asked of them, their change request decided,
 * an item of theirs overdue, a reminder. Written in the transaction of the command (or the sweep) that
 * caused it. `key` (unique per person) keeps the sweep from saying the same thing twice; a notice a command
 * writes has none.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    projectId: integer('project_id').references(() => projects.id),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** A portal path to the item (`/projects/1/phases/3`). */
    link: text('link').notNull(),
    key: text('key'),
    createdAt: instant('created_at').notNull(),
    readAt: instant('read_at'),
  },
  (t) => [
    index('notification_user').on(t.userId, t.readAt),
    uniqueIndex('notification_user_key').on(t.userId, t.key),
    oneOf('notification_kind', t.kind, notificationKinds),
  ],
);

/**
 * The e-mail of each notification, sent over SMTP when SMTP_URL is set (workflows/notifications/outbox.ts);
 * without it the rows stay here and admins read them at /admin/outbox. (The `outbox` table is the
 * workflow machines' effects, not mail.)
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: id(),
    notificationId: integer('notification_id')
      .notNull()
      .references(() => notifications.id),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull(),
    sentAt: instant('sent_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('mail_outbox_unsent').on(t.sentAt, t.attempts)],
);

/** The portal's notification settings: one row (id 1), absent until an admin first saves them. */
export const notificationSettings = sqliteTable('notification_settings', {
  id: integer('id').primaryKey(),
  /** A signature or review waiting on a person this many days or more is reminded, once per this many days. */
  reminderDays: integer('reminder_days').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: instant('updated_at'),
});
