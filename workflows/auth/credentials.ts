import { sql } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { users } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { immediate } from '../command';
import { invalid } from '../errors';
import { passwordHashCost, verifyPassword } from '../passwords';
import type { Actor } from '../policy/roles';
import { toActor } from './actor';
import { clearAttempts, clientKey, lockedError, reserveAttempt, type ThrottleKey, throttlePolicy, utcTime } from './throttle';

/** Sign-in throttling (docs/decisions/0007-sign-in-throttling.md): the policy shared with signatures. */
export const lockout = { maxFailures: throttlePolicy.maxFailures, minutes: throttlePolicy.lockMinutes };

const badCredentials = () => invalid('That email and password do not match.', { password: 'That email and password do not match.' });

const signInLocked = (until: string) =>
  lockedError(
    `Too many failed sign-ins with this email from here: try again after ${utcTime(until)}, or ask an admin to reset your password.`,
    'password',
    until,
  );

/** A hash no password matches, at the cost real ones are made with, checked when no account has the email. */
const unmatchableHash = (cost: number) => `scrypt$${cost}$${'A'.repeat(22)}==$${'A'.repeat(43)}=`;

/**
 * Checks an email and password. Every answer is the same whether or not an account has the email:
 * the same hash work, the same message, the same lock. Attempts are counted per email and client
 * address before the password is checked, so parallel attempts cannot slip past the limit, and one
 * client's wrong guesses never lock out the person signing in from elsewhere. Failures and locks of a
 * real account are audited.
 */
export async function verifyCredentials(opts: { db: DB; email: string; password: string; client?: string; now?: Date }): Promise<Actor> {
  const at = nowOf(opts.now);
  const email = opts.email.trim().toLowerCase().slice(0, 320);
  const key: ThrottleKey = { scope: 'sign_in', subject: email, client: clientKey(opts.client) };
  // Counted before the first await: no attempt reads a count that a parallel one has not yet written.
  const reserved = reserveAttempt(opts.db, key, at);
  if ('refused' in reserved) throw signInLocked(reserved.lockedUntil);

  const user = opts.db.select().from(users).where(sql`lower(${users.email}) = ${email}`).get();
  const ok = await verifyPassword(opts.password, user?.passwordHash ?? unmatchableHash(passwordHashCost()));
  if (user && ok) {
    clearAttempts(opts.db, key);
    return toActor(user);
  }
  if (user) {
    opts.db.transaction((tx) => {
      emitAudit(tx, {
        at,
        actor: { id: null, name: email },
        action: reserved.locks ? 'user.locked' : 'user.sign_in_failed',
        subjectType: 'user',
        subjectId: user.id,
        detail: reserved.locks
          ? `Sign-in from ${key.client} locked for ${throttlePolicy.lockMinutes} minutes after ${reserved.attempt} failed attempts.`
          : `Failed sign-in ${reserved.attempt} from ${key.client}.`,
      });
    }, immediate);
  }
  throw reserved.locks && reserved.lockedUntil ? signInLocked(reserved.lockedUntil) : badCredentials();
}
