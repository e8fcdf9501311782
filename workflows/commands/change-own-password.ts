import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '~/db/client';
import { sessions, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineAsyncCommand, RefuseAfterCommit } from '../command';
import { invalid } from '../errors';
import { hashPassword, passwordRule, verifyPassword } from '../passwords';
import { checkSigningPassword } from '../signing';

/**
 * A person changes their own password: the current one is required (throttled like a signature, so it
 * cannot be guessed here either), the new one must differ from it. Their other sessions end; the one
 * they are using stays signed in. Clears the "must change" mark an admin's reset leaves.
 */
export const changeOwnPassword = defineAsyncCommand({
  input: z
    .object({
      current: z.string().min(1, 'Enter your current password.').max(1000),
      password: z.string().min(passwordRule.minLength, passwordRule.message).max(1000),
      confirm: z.string().max(1000),
      sessionId: z.string().max(200),
    })
    .refine((v) => v.confirm === v.password, { path: ['confirm'], message: 'The two new passwords differ.' }),
  prepare: async (ctx, input) => {
    const check = await checkSigningPassword(ctx, input.current);
    const same = check.ok && (await samePassword(ctx.db, ctx.actor.id, input.password));
    return { check, same, hash: check.ok && !same ? await hashPassword(input.password) : null };
  },
  handle: ({ tx, actor, at }, input, { check, same, hash }) => {
    if (!check.ok || hash === null) {
      emitAudit(tx, {
        at,
        actor,
        action: 'user.password_change_refused',
        subjectType: 'user',
        subjectId: actor.id,
        detail: check.ok ? 'The new password was the current one.' : 'Wrong current password: nothing changed.',
      });
      return new RefuseAfterCommit(
        same
          ? invalid('Nothing changed: choose a password different from the current one.', { password: 'This is your current password.' })
          : invalid(
              check.lockedUntil
                ? 'Too many wrong passwords: try again later, or ask an admin to reset it.'
                : 'Your current password was not accepted; nothing changed.',
              { current: 'Wrong password.' },
            ),
      );
    }
    tx.update(users).set({ passwordHash: hash, mustChangePassword: false }).where(eq(users.id, actor.id)).run();
    tx.update(sessions)
      .set({ revokedAt: at.toISOString() })
      .where(and(eq(sessions.userId, actor.id), ne(sessions.id, input.sessionId)))
      .run();
    emitAudit(tx, {
      at,
      actor,
      action: 'user.password_changed',
      subjectType: 'user',
      subjectId: actor.id,
      detail: actor.mustChangePassword ? 'Chose a new password after an admin reset; other sessions ended.' : 'Changed their password; other sessions ended.',
    });
  },
});

async function samePassword(db: DB, userId: number, password: string) {
  const u = db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  return !!u && (await verifyPassword(password, u.hash));
}
