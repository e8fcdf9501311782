import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { builtOncePer } from '~/db/queries/prepared';
import { sessions, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { immediate } from '../command';
import type { Actor } from '../policy/roles';
import { toActor } from './actor';

export const sessionDays = 7;

/** A new session id for every sign-in (the id is rotated: an old cookie never becomes signed in). */
export function startSession(opts: { db: DB; actor: Actor; userAgent: string; now?: Date }): string {
  const at = nowOf(opts.now);
  const id = randomBytes(32).toString('base64url');
  opts.db.transaction((tx) => {
    tx.insert(sessions)
      .values({
        id,
        userId: opts.actor.id,
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + sessionDays * 86_400_000).toISOString(),
        userAgent: opts.userAgent.slice(0, 200),
      })
      .run();
    emitAudit(tx, { at, actor: opts.actor, action: 'user.signed_in', subjectType: 'user', subjectId: opts.actor.id });
  }, immediate);
  return id;
}

export function endSession(opts: { db: DB; sessionId: string; now?: Date }) {
  const at = nowOf(opts.now);
  opts.db.transaction((tx) => {
    const s = tx.select().from(sessions).where(eq(sessions.id, opts.sessionId)).get();
    if (!s || s.revokedAt) return;
    tx.update(sessions).set({ revokedAt: at.toISOString() }).where(eq(sessions.id, s.id)).run();
    const user = tx.select().from(users).where(eq(users.id, s.userId)).get();
    emitAudit(tx, {
      at,
      actor: { id: s.userId, name: user?.name ?? String(s.userId) },
      action: 'user.signed_out',
      subjectType: 'user',
      subjectId: s.userId,
    });
  }, immediate);
}

const liveSessionQuery = builtOncePer((conn) =>
  conn
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('id')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare(),
);

/** The person behind a live session id, or null if it is unknown, revoked or expired. */
export function actorForSession(db: DB, sessionId: string, now = nowOf()): Actor | null {
  const row = liveSessionQuery(db).get({ id: sessionId, now: now.toISOString() });
  return row ? toActor(row.user) : null;
}
