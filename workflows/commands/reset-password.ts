import { eq } from 'drizzle-orm';
import { sessions, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { forbidden, invalid, notFound } from '../errors';
import { hashPassword, passwordRule } from '../passwords';
import { type CommandContext, immediate } from './context';

/** Admin sets a new password; it also unlocks the account and ends the person's sessions. */
export async function resetPassword(ctx: CommandContext, input: { userId: number; password: string }) {
  if (!ctx.actor.isAdmin) throw forbidden('Only an admin can reset passwords.');
  if (input.password.length < passwordRule.minLength) throw invalid('Check the password.', { password: passwordRule.message });
  const passwordHash = await hashPassword(input.password);
  const at = nowOf(ctx.now);
  ctx.db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user) throw notFound('No such person.');
    tx.update(users).set({ passwordHash, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id)).run();
    tx.update(sessions).set({ revokedAt: at.toISOString() }).where(eq(sessions.userId, user.id)).run();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      action: 'user.password_reset',
      subjectType: 'user',
      subjectId: user.id,
      detail: `Password reset for ${user.email}; sessions ended, lock cleared.`,
    });
  }, immediate);
}
