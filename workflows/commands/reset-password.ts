import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { sessions, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { clearThrottlesOf } from '../auth/throttle';
import { defineAsyncCommand } from '../command';
import { forbidden, notFound } from '../errors';
import { id } from '../input';
import { hashPassword, passwordRule } from '../passwords';

/**
 * Admin sets a new password; it also unlocks the account and ends the person's sessions. The person
 * must choose their own password at their next sign-in: the admin knows this one.
 */
export const resetPassword = defineAsyncCommand({
  input: z.object({ userId: id(), password: z.string().min(passwordRule.minLength, passwordRule.message).max(1000) }),
  authorize: (actor) => {
    if (!actor.isAdmin) throw forbidden('Only an admin can reset passwords.');
  },
  prepare: (_ctx, input) => hashPassword(input.password),
  handle: ({ tx, actor, at }, input, passwordHash) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user) throw notFound('No such person.');
    tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, user.id)).run();
    clearThrottlesOf(tx, user);
    tx.update(sessions).set({ revokedAt: at.toISOString() }).where(eq(sessions.userId, user.id)).run();
    emitAudit(tx, {
      at,
      actor: actor,
      action: 'user.password_reset',
      subjectType: 'user',
      subjectId: user.id,
      detail: `Password reset for ${user.email}; sessions ended, sign-in and signing locks cleared; they must choose a new password at their next sign-in.`,
    });
  },
});
