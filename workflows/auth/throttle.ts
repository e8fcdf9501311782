import { and, eq, lt } from 'drizzle-orm';
import type { Conn, DB } from '~/db/client';
import { passwordThrottles, type ThrottleScope } from '~/db/schema';
import { immediate } from '../command';
import { DomainError } from '../errors';

/**
 * How wrong passwords are throttled (docs/decisions/0007-sign-in-throttling.md): after `maxFailures`
 * attempts within `windowMinutes`, the key is locked for `lockMinutes`. A lock ends by time alone:
 * attempts during it are refused without being counted, so nobody can prolong it.
 */
export const throttlePolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };

/** What is counted: a sign-in per email and client address, a signature per signer. */
export type ThrottleKey = { scope: ThrottleScope; subject: string; client?: string };

/** An attempt counted before its password is checked; `locks` when it is the one that reached the limit. */
export type Reservation = { key: ThrottleKey; attempt: number; locks: boolean; lockedUntil: string | null };

const where = (key: ThrottleKey) =>
  and(eq(passwordThrottles.scope, key.scope), eq(passwordThrottles.subject, key.subject), eq(passwordThrottles.client, key.client ?? ''));

const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();

/**
 * Counts an attempt before its (slow) password check, in one immediate transaction: parallel attempts
 * are counted one after another, so once the limit is reached every later one is refused, even with
 * the right password, until the lock ends. Returns the lock's end instead when the key is locked.
 */
export function reserveAttempt(db: DB, key: ThrottleKey, at: Date): Reservation | { lockedUntil: string; refused: true } {
  const now = at.toISOString();
  return db.transaction((tx) => {
    // Anyone can make rows here (any email, any address): drop those whose window and lock are both over.
    tx.delete(passwordThrottles)
      .where(lt(passwordThrottles.windowStartedAt, minutesAfter(at, -(throttlePolicy.windowMinutes + throttlePolicy.lockMinutes))))
      .run();
    const row = tx.select().from(passwordThrottles).where(where(key)).get();
    if (row?.lockedUntil && row.lockedUntil > now) return { lockedUntil: row.lockedUntil, refused: true as const };
    const fresh = !row || row.lockedUntil !== null || minutesAfter(new Date(row.windowStartedAt), throttlePolicy.windowMinutes) <= now;
    const attempt = fresh ? 1 : row.failures + 1;
    const locks = attempt >= throttlePolicy.maxFailures;
    const values = {
      failures: attempt,
      windowStartedAt: fresh ? now : row.windowStartedAt,
      lockedUntil: locks ? minutesAfter(at, throttlePolicy.lockMinutes) : null,
    };
    tx.insert(passwordThrottles)
      .values({ scope: key.scope, subject: key.subject, client: key.client ?? '', ...values })
      .onConflictDoUpdate({ target: [passwordThrottles.scope, passwordThrottles.subject, passwordThrottles.client], set: values })
      .run();
    return { key, attempt, locks, lockedUntil: values.lockedUntil };
  }, immediate);
}

/** The right password: the count starts again (the reserved attempt was the one that succeeded). */
export function clearAttempts(db: DB, key: ThrottleKey): void {
  db.delete(passwordThrottles).where(where(key)).run();
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
