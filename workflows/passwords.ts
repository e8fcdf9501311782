import { eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { users } from '~/db/schema';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt is memory-hard and salted (see docs/decisions/0001-password-hash.md); N=2^15 costs ~60 ms here.
const N = 32768;
const r = 8;
const p = 1;
const keyLength = 32;
const maxmem = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { N: cost, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N);
  return `scrypt$${N}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !cost || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(cost));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const passwordRule = { minLength: 10, message: 'Use at least 10 characters.' };

/** Re-checks a signer's password (slow: call it before opening the transaction that signs). */
export async function signerPasswordMatches(db: DB, userId: number, password: string): Promise<boolean> {
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  return !!user && (await verifyPassword(password, user.passwordHash));
}
