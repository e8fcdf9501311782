import { eq, sql } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { users } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { immediate } from '../command';
import { DomainError, invalid } from '../errors';
import { verifyPassword } from '../passwords';
import type { Actor } from '../policy/roles';
import { toActor } from './actor';

export const lockout = { maxFailures: 5, minutes: 15 };

const badCredentials = () => invalid('That email and password do not match.', { password: 'That email and password do not match.' });

/**
 * Checks an email and password. After repeated failures the account is locked for a while, and the
 * message says until when; every failure and every lock is audited.
 */
export async function verifyCredentials(opts: { db: DB; email: string; password: string; now?: Date }): Promise<Actor> {
  const at = nowOf(opts.now);
  const email = opts.email.trim().toLowerCase();
  const user = opts.db.select().from(users).where(sql`lower(${users.email}) = ${email}`).get();
  if (!user) {
    // Spend the same time as a real check so the answer does not reveal which emails exist.
    await verifyPassword(opts.password, 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    throw badCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > at.toISOString()) throw lockedError(user.lockedUntil);

  const ok = await verifyPassword(opts.password, user.passwordHash);
  if (ok) {
    if (user.failedSignIns > 0) opts.db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id)).run();
    return toActor(user);
  }
  // The failure is counted and audited in a committed transaction; only then is it reported.
  const lockedUntil = opts.db.transaction((tx) => {
    const current = tx.select().from(users).where(eq(users.id, user.id)).get()!;
    const failures = current.failedSignIns + 1;
    const locks = failures >= lockout.maxFailures;
    const until = locks ? new Date(at.getTime() + lockout.minutes * 60_000).toISOString() : null;
    tx.update(users)
      .set({ failedSignIns: locks ? 0 : failures, lockedUntil: until })
      .where(eq(users.id, user.id))
      .run();
    emitAudit(tx, {
      at,
      actor: { id: null, name: email },
      action: locks ? 'user.locked' : 'user.sign_in_failed',
      subjectType: 'user',
      subjectId: user.id,
      detail: locks ? `Locked for ${lockout.minutes} minutes after ${failures} failed sign-ins.` : `Failed sign-in ${failures}.`,
    });
    return until;
  }, immediate);
  throw lockedUntil ? lockedError(lockedUntil) : badCredentials();
}

function lockedError(until: string) {
  const time = until.slice(11, 16);
  return new DomainError(
    'locked',
    `Too many failed sign-ins: this account is locked until ${time} UTC. Try again then, or ask an admin to reset your password.`,
    { password: `Account locked until ${time} UTC.` },
  );
}
