import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant, oneOf } from './columns';

export const vendorFirms = sqliteTable('vendor_firms', {
  id: id(),
  name: text('name').notNull().unique(),
});

export const users = sqliteTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    passwordHash: text('password_hash').notNull(),
    isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
    vendorFirmId: integer('vendor_firm_id').references(() => vendorFirms.id),
    createdAt: instant('created_at').notNull(),
    /** Set by an admin's reset: the person chooses their own password before anything else. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const throttleScopes = ['sign_in', 'signing'] as const;
export type ThrottleScope = (typeof throttleScopes)[number];

/**
 * Wrong passwords counted per key (docs/decisions/0007-sign-in-throttling.md): a sign-in counts per
 * email (known or not) and client address, a signature per signer. An attempt is counted here (as
 * pending) before its password is checked, so parallel attempts cannot slip past the limit.
 */
export const passwordThrottles = sqliteTable(
  'password_throttles',
  {
    scope: text('scope', { enum: throttleScopes }).notNull(),
    /** The lower-cased email for a sign-in (whether or not anyone has it), the signer's user id for a signature. */
    subject: text('subject').notNull(),
    /** The client address (IPv6 by its /64) for a sign-in; empty for a signature. */
    client: text('client').notNull().default(''),
    /** Wrong passwords in the current window. */
    failures: integer('failures').notNull().default(0),
    windowStartedAt: instant('window_started_at').notNull(),
    /** Attempts counted but still being checked (their hash is running); stale after a minute. */
    pending: integer('pending').notNull().default(0),
    checkingSince: instant('checking_since'),
    lockedUntil: instant('locked_until'),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.subject, t.client] }),
    // Rows are removed once their window and any lock are over; this keeps that sweep cheap.
    index('password_throttles_window').on(t.windowStartedAt),
    oneOf('password_throttle_scope', t.scope, throttleScopes),
  ],
);
