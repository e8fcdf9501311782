import { sql } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { users } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { passwordHashCost, verifyPassword } from '../passwords';
import type { Actor } from '../policy/roles';
import { toActor } from './actor';
import { busyError, clientKey, lockedError, type Refused, reserveAttempt, settleAttempt, type ThrottleKey, throttlePolicy, utcTime } from './throttle';

/** Sign-in throttling (docs/decisions/0007-sign-in-throttling.md): the policy shared with signatures. */
export const lockout = { maxFailures: throttlePolicy.maxFailures, minutes: throttlePolicy.lockMinutes };

const badCredentials = () => invalid('That email and password do not match.', { password: 'That email and password do not match.' });

const signInLocked = (until: string) =>
  lockedError(
    `Too many failed sign-ins with this email from here: try again after ${utcTime(until)}, or ask an admin to reset your password.`,
    'password',
    until,
  );

const refusal = (r: Refused) =>
  r.refused === 'locked'
    ? signInLocked(r.lockedUntil)
    : busyError('Too many sign-ins with this email from here at once: wait a moment and try again.', 'password');

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
  const refused = reserveAttempt(opts.db, key, at);
  if (refused) throw refusal(refused);

  const user = opts.db.select().from(users).where(sql`lower(${users.email}) = ${email}`).get();
  // A check that throws leaves its place pending; it is freed after throttlePolicy.checkSeconds.
  const matches = await verifyPassword(opts.password, user?.passwordHash ?? unmatchableHash(passwordHashCost()));
  const ok = !!user && matches;
  const failure = settleAttempt(opts.db, key, at, ok, (tx, f) => {
    if (!user) return;
    emitAudit(tx, {
      at,
      actor: { id: null, name: email },
      action: f.locks ? 'user.locked' : 'user.sign_in_failed',
      subjectType: 'user',
      subjectId: user.id,
      detail: f.locks
        ? `Sign-in from ${key.client} locked for ${throttlePolicy.lockMinutes} minutes after ${f.failures} failed attempts.`
        : `Failed sign-in ${f.failures} from ${key.client}.`,
    });
  });
  if (ok && user) return toActor(user);
  throw failure?.locks && failure.lockedUntil ? signInLocked(failure.lockedUntil) : badCredentials();
}
