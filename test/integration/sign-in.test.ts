import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, passwordThrottles, sessions, users } from '~/db/schema';
import { lockout, verifyCredentials } from '~/workflows/auth/credentials';
import { actorForSession, endSession, startSession } from '~/workflows/auth/sessions';
import { clientKey } from '~/workflows/auth/throttle';
import { createUser } from '~/workflows/commands/create-user';
import { resetPassword } from '~/workflows/commands/reset-password';
import { DomainError } from '~/workflows/errors';
import { withPasswordHashCost } from '~/workflows/passwords';
import { systemActor } from '~/workflows/policy/roles';
import { freshDb } from '../support/db';

const right = 'correct horse battery';
const email = 'pat@example.test';
// Most tests hash cheaply (the cost is not what they are about); the last one checks the production cost.
const cheap = <T>(fn: () => T) => withPasswordHashCost(2048, fn);

async function withUser() {
  const db = freshDb();
  await cheap(() => createUser({ db, actor: systemActor }, { email: 'Pat@Example.test', name: 'Pat Doe', password: right }));
  return db;
}
/** The refusal of a sign-in, or null if it signed in. */
const attempt = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => {
      if (e instanceof DomainError) return e;
      throw e;
    },
  );
const answer = (e: DomainError | null) => (e ? { status: e.status, message: e.message, fieldErrors: e.fieldErrors } : 'signed in');
const at = (time: string) => new Date(`2026-11-27T${time}:00Z`);

describe('sign-in', () => {
  it('accepts the right password, with the email in any case', async () => {
    const db = await withUser();
    const actor = await cheap(() => verifyCredentials({ db, email: 'pat@example.TEST', password: right }));
    expect(actor.name).toBe('Pat Doe');
  });

  it('locks an email from one client after repeated failures and says until when, even for the right password', async () => {
    const db = await withUser();
    const now = at('09:00');
    const from = { db, email, client: '203.0.113.7', now };
    for (let i = 1; i < lockout.maxFailures; i++) {
      const e = await attempt(cheap(() => verifyCredentials({ ...from, password: 'wrong' })));
      expect(e?.message).toBe('That email and password do not match.');
    }
    const locked = await attempt(cheap(() => verifyCredentials({ ...from, password: 'wrong' })));
    expect(locked?.status).toBe(423);
    expect(locked?.message).toContain('Too many failed sign-ins with this email from here: try again after 09:15 UTC');
    const stillLocked = await attempt(cheap(() => verifyCredentials({ ...from, password: right })));
    expect(stillLocked?.code).toBe('locked');
    await expect(cheap(() => verifyCredentials({ ...from, password: right, now: at('09:16') }))).resolves.toMatchObject({ name: 'Pat Doe' });
    const audit = db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).all();
    expect(audit.filter((a) => a.action === 'user.sign_in_failed')).toHaveLength(lockout.maxFailures - 1);
    expect(audit.find((a) => a.action === 'user.locked')?.detail).toBe('Sign-in from 203.0.113.7 locked for 15 minutes after 5 failed attempts.');
  });

  // Issue 9, finding 2: the lock was read before the slow hash and never again.
  it('counts attempts before checking them: 40 at once, 39 wrong and the last right, never sign in', async () => {
    const db = await withUser();
    const now = at('09:00');
    const results = await cheap(() =>
      Promise.all(
        Array.from({ length: 40 }, (_, i) => attempt(verifyCredentials({ db, email, password: i === 39 ? right : 'wrong', client: '203.0.113.7', now }))),
      ),
    );
    expect(results.filter((r) => r === null)).toHaveLength(0);
    // As many as the limit are checked; the others are refused unchecked, the right one among them.
    expect(results.filter((r) => r?.code === 'invalid')).toHaveLength(lockout.maxFailures - 1);
    expect(results.filter((r) => r?.code === 'locked')).toHaveLength(1);
    expect(results.filter((r) => r?.code === 'busy')).toHaveLength(40 - lockout.maxFailures);
    expect(results[39]).toMatchObject({ status: 429, message: 'Too many sign-ins with this email from here at once: wait a moment and try again.' });
    expect(db.select().from(sessions).all()).toHaveLength(0);
    // And then the right password is refused until the lock ends.
    expect(await attempt(cheap(() => verifyCredentials({ db, email, password: right, client: '203.0.113.7', now: at('09:14') })))).toMatchObject({
      code: 'locked',
    });
  });

  it('checks a few right passwords at once without locking anyone out', async () => {
    const db = await withUser();
    const results = await cheap(() =>
      Promise.all(Array.from({ length: 8 }, () => attempt(verifyCredentials({ db, email, password: right, client: '203.0.113.7', now: at('09:00') })))),
    );
    expect(results.filter((r) => r === null)).toHaveLength(lockout.maxFailures);
    expect(results.filter((r) => r?.code === 'busy')).toHaveLength(8 - lockout.maxFailures);
    expect(db.select().from(passwordThrottles).all()).toEqual([]);
    await expect(cheap(() => verifyCredentials({ db, email, password: right, client: '203.0.113.7', now: at('09:00') }))).resolves.toMatchObject({
      name: 'Pat Doe',
    });
  });

  // Issue 9, finding 9: 423 only for real accounts, and a faster answer for unknown emails.
  it('answers an unknown email exactly as a real one: the same refusals, the same lock', async () => {
    const db = await withUser();
    const run = async (who: string) => {
      const answers = [];
      for (let i = 0; i < lockout.maxFailures + 1; i++)
        answers.push(answer(await attempt(cheap(() => verifyCredentials({ db, email: who, password: 'wrong', client: '203.0.113.7', now: at('09:00') })))));
      return answers;
    };
    const real = await run(email);
    expect(real.at(-1)).toMatchObject({ status: 423 });
    expect(await run('nobody@example.test')).toEqual(real);
  });

  it('spends the same hash work on an unknown email as on a real account hashed at the configured cost', async () => {
    const db = await withUser();
    const time = async (who: string, client: string) => {
      const start = performance.now();
      await attempt(cheap(() => verifyCredentials({ db, email: who, password: 'wrong', client })));
      return performance.now() - start;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      real.push(await time(email, `198.51.100.${i}`));
      unknown.push(await time('nobody@example.test', `198.51.100.${i}`));
    }
    // Before the fix the unknown email cost a hash at 2^15 against the account's 2^11: 16 times the work.
    const ratio = median(unknown) / median(real);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
  });

  // Issue 9, finding 9: anyone could keep any known account locked.
  it('does not let one client lock the person out, nor prolong a lock by trying during it', async () => {
    const db = await withUser();
    const attacker = { db, email, client: '198.51.100.9' };
    for (let i = 0; i < lockout.maxFailures; i++) await attempt(cheap(() => verifyCredentials({ ...attacker, password: 'wrong', now: at('09:00') })));
    for (const time of ['09:05', '09:10', '09:14']) {
      const e = await attempt(cheap(() => verifyCredentials({ ...attacker, password: 'wrong', now: at(time) })));
      expect(e?.message).toContain('try again after 09:15 UTC');
    }
    const owner = await cheap(() => verifyCredentials({ db, email, password: right, client: '203.0.113.7', now: at('09:05') }));
    expect(owner.name).toBe('Pat Doe');
    // The lock ended at 09:15 whatever was tried during it.
    expect(await attempt(cheap(() => verifyCredentials({ ...attacker, password: 'wrong', now: at('09:16') })))).toMatchObject({ code: 'invalid' });
  });

  it('forgets failures older than the window, and an admin password reset lifts every lock on the email', async () => {
    const db = await withUser();
    const from = { db, email, client: '203.0.113.7' };
    for (let i = 0; i < lockout.maxFailures - 1; i++) await attempt(cheap(() => verifyCredentials({ ...from, password: 'wrong', now: at('08:00') })));
    expect(await attempt(cheap(() => verifyCredentials({ ...from, password: 'wrong', now: at('08:30') })))).toMatchObject({ code: 'invalid' });
    for (let i = 0; i < lockout.maxFailures; i++) await attempt(cheap(() => verifyCredentials({ ...from, password: 'wrong', now: at('09:00') })));
    expect(await attempt(cheap(() => verifyCredentials({ ...from, password: right, now: at('09:01') })))).toMatchObject({ code: 'locked' });
    const user = db.select().from(users).where(eq(users.email, email)).get()!;
    await cheap(() => resetPassword({ db, actor: systemActor }, { userId: user.id, password: 'a new long password' }));
    expect(db.select().from(passwordThrottles).all()).toHaveLength(0);
    await expect(cheap(() => verifyCredentials({ ...from, password: 'a new long password', now: at('09:02') }))).resolves.toMatchObject({ name: 'Pat Doe' });
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey(undefined)).toBe('unknown');
  });

  it('gives a new session id at each sign-in and ends it at sign-out', async () => {
    const db = await withUser();
    const actor = await cheap(() => verifyCredentials({ db, email, password: right }));
    const first = startSession({ db, actor, userAgent: 'test' });
    const second = startSession({ db, actor, userAgent: 'test' });
    expect(first).not.toBe(second);
    expect(actorForSession(db, first)?.id).toBe(actor.id);
    endSession({ db, sessionId: first });
    expect(actorForSession(db, first)).toBeNull();
    expect(actorForSession(db, second)?.id).toBe(actor.id);
    expect(db.select().from(sessions).where(eq(sessions.id, first)).get()?.revokedAt).not.toBeNull();
  });

  it('stores only a slow salted hash of the password, at OWASP’s scrypt cost 2^17', async () => {
    const db = freshDb();
    await createUser({ db, actor: systemActor }, { email, name: 'Pat Doe', password: right });
    const row = db.$client.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$131072\$[A-Za-z0-9+/=]{24}\$/);
    expect(row.password_hash).not.toContain('correct horse');
  });
});
