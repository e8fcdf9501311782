import { and, eq, lt } from 'drizzle-orm';
import type { Conn, DB, Tx } from '~/db/client';
import { passwordThrottles, type ThrottleScope } from '~/db/schema';
import { immediate } from '../command';
import { DomainError } from '../errors';

/**
 * How wrong passwords are throttled (docs/decisions/0007-sign-in-throttling.md): after `maxFailures`
 * wrong passwords within `windowMinutes`, the key is locked for `lockMinutes`. A lock ends by time
 * alone: attempts during it are refused without being counted, so nobody can prolong it. An attempt
 * still being checked holds its place for at most `checkSeconds` (a crash mid-check frees it then).
 */
export const throttlePolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15, checkSeconds: 60 };

/** What is counted: a sign-in per email and client address, a signature per signer. */
export type ThrottleKey = { scope: ThrottleScope; subject: string; client?: string };

/** Why an attempt was refused before its password was checked. */
export type Refused = { refused: 'locked'; lockedUntil: string } | { refused: 'busy' };

/** What a wrong password did: `locks` when it was the one that reached the limit. */
export type Failure = { failures: number; locks: boolean; lockedUntil: string | null };

const where = (key: ThrottleKey) =>
  and(eq(passwordThrottles.scope, key.scope), eq(passwordThrottles.subject, key.subject), eq(passwordThrottles.client, key.client ?? ''));

const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();

/**
 * Counts an attempt as pending before its (slow) password check, in one immediate transaction, or
 * refuses it: while the key is locked, and while the wrong passwords plus the attempts still being
 * checked already reach the limit (`busy`: one of those may yet be right). So parallel attempts are
 * counted one after another and no more of them are checked than the limit allows; once the limit is
 * reached every later attempt is refused, the right password included, until the lock ends.
 * Call `settleAttempt` with the outcome.
 */
export function reserveAttempt(db: DB, key: ThrottleKey, at: Date): Refused | null {
  const now = at.toISOString();
  return db.transaction((tx): Refused | null => {
    // Anyone can make rows here (any email, any address): drop those whose window and lock are both over.
    tx.delete(passwordThrottles)
      .where(lt(passwordThrottles.windowStartedAt, minutesAfter(at, -(throttlePolicy.windowMinutes + throttlePolicy.lockMinutes))))
      .run();
    const row = tx.select().from(passwordThrottles).where(where(key)).get();
    if (row?.lockedUntil && row.lockedUntil > now) return { refused: 'locked', lockedUntil: row.lockedUntil };
    const fresh = !row || row.lockedUntil !== null || minutesAfter(new Date(row.windowStartedAt), throttlePolicy.windowMinutes) <= now;
    const failures = fresh ? 0 : row.failures;
    const checking = row?.checkingSince && minutesAfter(new Date(row.checkingSince), throttlePolicy.checkSeconds / 60) > now;
    const pending = checking ? row.pending : 0;
    if (failures + pending >= throttlePolicy.maxFailures) return { refused: 'busy' };
    const values = { failures, windowStartedAt: fresh ? now : row.windowStartedAt, pending: pending + 1, checkingSince: now, lockedUntil: null };
    tx.insert(passwordThrottles)
      .values({ scope: key.scope, subject: key.subject, client: key.client ?? '', ...values })
      .onConflictDoUpdate({ target: [passwordThrottles.scope, passwordThrottles.subject, passwordThrottles.client], set: values })
      .run();
    return null;
  }, immediate);
}

/**
 * Settles a reserved attempt. The right password starts the count again. A wrong one is counted, and
 * the one that reaches the limit locks the key until `lockMinutes` after the attempt began; `record`
 * writes its audit rows in the same transaction.
 */
export function settleAttempt(db: DB, key: ThrottleKey, at: Date, ok: boolean, record?: (tx: Tx, failure: Failure) => void): Failure | null {
  return db.transaction((tx) => {
    if (ok) {
      tx.delete(passwordThrottles).where(where(key)).run();
      return null;
    }
    const row = tx.select().from(passwordThrottles).where(where(key)).get();
    const now = at.toISOString();
    // No row: a right password or an admin's reset cleared the count meanwhile; this failure starts a new one.
    const failures = (row?.failures ?? 0) + 1;
    const alreadyLocked = !!row?.lockedUntil && row.lockedUntil > now;
    const locks = !alreadyLocked && failures >= throttlePolicy.maxFailures;
    const values = {
      failures,
      pending: Math.max(0, (row?.pending ?? 1) - 1),
      lockedUntil: locks ? minutesAfter(at, throttlePolicy.lockMinutes) : (row?.lockedUntil ?? null),
    };
    tx.insert(passwordThrottles)
      .values({ scope: key.scope, subject: key.subject, client: key.client ?? '', windowStartedAt: now, ...values })
      .onConflictDoUpdate({ target: [passwordThrottles.scope, passwordThrottles.subject, passwordThrottles.client], set: values })
      .run();
    const failure = { failures, locks, lockedUntil: values.lockedUntil };
    record?.(tx, failure);
    return failure;
  }, immediate);
}

/** An admin's password reset lifts every sign-in lock on the email and the person's signing lock. */
export function clearThrottlesOf(db: Conn, person: { id: number; email: string }): void {
  db.delete(passwordThrottles)
    .where(and(eq(passwordThrottles.scope, 'sign_in'), eq(passwordThrottles.subject, person.email.trim().toLowerCase())))
    .run();
  db.delete(passwordThrottles)
    .where(and(eq(passwordThrottles.scope, 'signing'), eq(passwordThrottles.subject, String(person.id))))
    .run();
}

/** `HH:MM UTC` of an instant, as the lock messages say it. */
export const utcTime = (instant: string) => `${instant.slice(11, 16)} UTC`;

/** Refused because of a lock (423): says until when, and what else the person can do. */
export const lockedError = (message: string, field: string, until: string) =>
  new DomainError('locked', message, { [field]: `Locked until ${utcTime(until)}.` });

/** Refused because as many attempts as the limit allows are still being checked (429): try again in a moment. */
export const busyError = (message: string, field: string) => new DomainError('busy', message, { [field]: 'Wait a moment and try again.' });

/**
 * The part of a client address that identifies one client for throttling: IPv4 as is (also when
 * written as IPv4-mapped IPv6), IPv6 by its /64, since one subscriber usually holds a whole /64.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] ?? address;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('%')[0]?.toLowerCase().split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
