import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, sessions } from '~/db/schema';
import { lockout, verifyCredentials } from '~/workflows/auth/credentials';
import { actorForSession, endSession, startSession } from '~/workflows/auth/sessions';
import { createUser } from '~/workflows/commands/create-user';
import type { DomainError } from '~/workflows/errors';
import { systemActor } from '~/workflows/policy/roles';
import { freshDb } from '../support/db';

async function withUser() {
  const db = freshDb();
  await createUser({ db, actor: systemActor }, { email: 'Pat@Example.test', name: 'Pat Doe', password: 'correct horse battery' });
  return db;
}
const attempt = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: DomainError) => e,
  );

describe('sign-in', () => {
  it('accepts the right password, with the email in any case', async () => {
    const db = await withUser();
    const actor = await verifyCredentials({ db, email: 'pat@example.TEST', password: 'correct horse battery' });
    expect(actor.name).toBe('Pat Doe');
  });

  it('locks the account after repeated failures and says until when, even for the right password', async () => {
    const db = await withUser();
    const now = new Date('2026-11-27T09:00:00Z');
    for (let i = 1; i < lockout.maxFailures; i++) {
      const e = await attempt(verifyCredentials({ db, email: 'pat@example.test', password: 'wrong', now }));
      expect(e?.message).toBe('That email and password do not match.');
    }
    const locked = await attempt(verifyCredentials({ db, email: 'pat@example.test', password: 'wrong', now }));
    expect(locked?.code).toBe('locked');
    expect(locked?.message).toContain('locked until 09:15 UTC');
    const stillLocked = await attempt(verifyCredentials({ db, email: 'pat@example.test', password: 'correct horse battery', now }));
    expect(stillLocked?.code).toBe('locked');
    const later = new Date('2026-11-27T09:16:00Z');
    await expect(verifyCredentials({ db, email: 'pat@example.test', password: 'correct horse battery', now: later })).resolves.toMatchObject({
      name: 'Pat Doe',
    });
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .all()
      .map((r) => r.action);
    expect(actions.filter((a) => a === 'user.sign_in_failed')).toHaveLength(lockout.maxFailures - 1);
    expect(actions).toContain('user.locked');
  });

  it('gives a new session id at each sign-in and ends it at sign-out', async () => {
    const db = await withUser();
    const actor = await verifyCredentials({ db, email: 'pat@example.test', password: 'correct horse battery' });
    const first = startSession({ db, actor, userAgent: 'test' });
    const second = startSession({ db, actor, userAgent: 'test' });
    expect(first).not.toBe(second);
    expect(actorForSession(db, first)?.id).toBe(actor.id);
    endSession({ db, sessionId: first });
    expect(actorForSession(db, first)).toBeNull();
    expect(actorForSession(db, second)?.id).toBe(actor.id);
    expect(db.select().from(sessions).where(eq(sessions.id, first)).get()?.revokedAt).not.toBeNull();
  });

  it('stores only a slow salted hash of the password', async () => {
    const db = await withUser();
    const row = db.$client.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$32768\$[A-Za-z0-9+/=]{24}\$/);
    expect(row.password_hash).not.toContain('correct horse');
  });
});
