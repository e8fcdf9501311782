import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { users } from '~/db/schema';

// scrypt is memory-hard and salted (see docs/decisions/0001-password-hash-and-server.md). The default
// N=2^17, r=8, p=1 is OWASP's recommendation: 128 MiB and a few hundred ms per hash. The cost N is a
// parameter (docs/decisions/0004-fast-tests.md): the stored string names it (`scrypt$N$salt$key`), so
// hashes made at any cost keep verifying after the setting changes.

/** scrypt's cost N for new hashes unless PASSWORD_HASH_COST says otherwise: the production setting (OWASP's 2^17). */
export const defaultPasswordHashCost = 2 ** 17;
/**
 * The lowest cost PASSWORD_HASH_COST (or withPasswordHashCost) accepts. Meant only for tests and for
 * the demo's accounts, whose password is published in the README: never for real people's passwords.
 */
export const minimumPasswordHashCost = 2 ** 10;
/** The highest cost accepted: 2^17 uses 128 MiB per hash. */
export const maximumPasswordHashCost = 2 ** 17;
const r = 8;
const p = 1;
const keyLength = 32;

/** Reads a PASSWORD_HASH_COST value: empty means the default; anything else must be a power of two in range. */
export function parsePasswordHashCost(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return defaultPasswordHashCost;
  const cost = Number(value);
  if (!isValidCost(cost) || cost < minimumPasswordHashCost) {
    throw new Error(
      `PASSWORD_HASH_COST must be a power of two from ${minimumPasswordHashCost} to ${maximumPasswordHashCost} (default ${defaultPasswordHashCost}), not "${value}".`,
    );
  }
  return cost;
}

function isValidCost(cost: number): boolean {
  return Number.isInteger(cost) && cost >= 2 && cost <= maximumPasswordHashCost && (cost & (cost - 1)) === 0;
}

let configured: number | undefined;
const scoped = new AsyncLocalStorage<number>();

/** The cost new hashes are made with here: a withPasswordHashCost scope, else PASSWORD_HASH_COST (read once), else 2^17. */
export function passwordHashCost(): number {
  configured ??= parsePasswordHashCost(process.env.PASSWORD_HASH_COST);
  return scoped.getStore() ?? configured;
}

/**
 * Runs `fn` (and everything it awaits) making new hashes at `cost` instead of the configured one.
 * The demo seed uses it for its accounts, whose password is public; nothing else in the portal does.
 */
export function withPasswordHashCost<T>(cost: number, fn: () => T): T {
  if (!isValidCost(cost) || cost < minimumPasswordHashCost)
    throw new Error(`A password hash cost must be a power of two from ${minimumPasswordHashCost} to ${maximumPasswordHashCost}.`);
  return scoped.run(cost, fn);
}

function derive(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes (128 MiB at N=2^17, r=8) and Node refuses above maxmem (32 MiB by
  // default): allow twice the need, so every accepted cost fits.
  const maxmem = 256 * cost * r;
  return new Promise((resolve, reject) => scrypt(password, salt, keyLength, { N: cost, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const cost = passwordHashCost();
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `scrypt$${cost}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash at the cost that hash names (whatever new hashes use now). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, costText, salt, key] = stored.split('$');
  const cost = Number(costText);
  if (scheme !== 'scrypt' || !isValidCost(cost) || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const passwordRule = { minLength: 10, message: 'Use at least 10 characters.' };

/** Re-checks a signer's password (slow: call it before opening the transaction that signs). */
export async function signerPasswordMatches(db: DB, userId: number, password: string): Promise<boolean> {
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  return !!user && (await verifyPassword(password, user.passwordHash));
}
