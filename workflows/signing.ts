import { z } from 'zod';
import { emitAudit } from './audit';
import type { AuditAction, AuditSubject } from './audit-catalogue';
import { busyError, lockedError, reserveAttempt, settleAttempt, type ThrottleKey, throttlePolicy, utcTime } from './auth/throttle';
import { nowOf } from './clock';
import { type CommandContext, defineAsyncCommand, RefuseAfterCommit, type Step } from './command';
import { invalid } from './errors';
import type { SignatureMeaning } from './machines/requirement-signoff';
import { functionOf } from './members/functions';
import { signerPasswordMatches } from './passwords';
import { meaningRefusal } from './policy/functions';

/** The password a signer re-enters; checked again at every signature. */
export const signingPassword = z.string().min(1, 'Enter your password to sign.').max(1000);

/** What a refused signature is audited against. */
export type SignedSubject = { projectId: number; subjectType: AuditSubject; subjectId: string | number; action: AuditAction };

/**
 * Every electronic signature: the password is checked again before the transaction (it is slow);
 * `load` finds what is signed and checks who may; a wrong password is audited and committed, then
 * refused with nothing signed; otherwise `sign` records the signature.
 */
export function signWithPassword<S extends z.ZodType<{ password: string }>, L, R>(def: {
  input: S;
  load: (step: Step, input: z.output<S>) => L;
  /** Names the subject and the audit action of a refused signature. */
  refusedAs: (loaded: L) => SignedSubject;
  sign: (step: Step, input: z.output<S>, loaded: L) => R;
  afterCommit?: (ctx: CommandContext) => void;
}) {
  return defineAsyncCommand({
    input: def.input,
    afterCommit: def.afterCommit,
    prepare: (ctx, data) => checkSigningPassword(ctx, data.password),
    handle: (step, data, check) => {
      const loaded = def.load(step, data);
      if (check.ok) return def.sign(step, data, loaded);
      const subject = def.refusedAs(loaded);
      emitAudit(step.tx, {
        at: step.at,
        actor: step.actor,
        projectId: subject.projectId,
        action: subject.action,
        subjectType: subject.subjectType,
        subjectId: subject.subjectId,
        detail: 'Wrong password at signing: no signature recorded.',
      });
      if (!check.lockedUntil) return new RefuseAfterCommit(invalid('Your password was not accepted, so nothing was signed.', { password: 'Wrong password.' }));
      emitAudit(step.tx, {
        at: step.at,
        actor: step.actor,
        action: 'user.signing_locked',
        subjectType: 'user',
        subjectId: step.actor.id,
        detail: `Signing locked for ${throttlePolicy.lockMinutes} minutes after ${throttlePolicy.maxFailures} wrong passwords.`,
      });
      return new RefuseAfterCommit(signingLocked(check.lockedUntil));
    },
  });
}

/**
 * A content signature (a requirement, a variance report) states a meaning the signer's function on the
 * project allows (workflows/policy/functions.ts); any other is refused as a field error and nothing is signed.
 */
export function requireMeaningAllowed(tx: Step['tx'], projectId: number, signerId: number, meaning: SignatureMeaning) {
  const refusal = meaningRefusal(functionOf(tx, projectId, signerId), meaning);
  if (refusal) throw invalid('Nothing was signed: choose a meaning your function on this project allows.', { meaning: refusal });
}

const signingLocked = (until: string) =>
  lockedError(
    `Too many wrong passwords at signing: you can sign again after ${utcTime(until)}. Nothing was signed. If you forgot your password, ask an admin to reset it.`,
    'password',
    until,
  );

/**
 * The signer's password, throttled like sign-in (docs/decisions/0007-sign-in-throttling.md): the attempt
 * is counted before the slow check, so after the limit no signature is accepted until the lock ends,
 * not even with the right password; the right password starts the count again.
 */
export async function checkSigningPassword(ctx: CommandContext, password: string): Promise<{ ok: boolean; lockedUntil: string | null }> {
  const at = nowOf(ctx.now);
  const key: ThrottleKey = { scope: 'signing', subject: String(ctx.actor.id) };
  const refused = reserveAttempt(ctx.db, key, at);
  if (refused?.refused === 'locked') throw signingLocked(refused.lockedUntil);
  if (refused) throw busyError('You are signing several things at once: wait a moment and try again. Nothing was signed.', 'password');
  const ok = await signerPasswordMatches(ctx.db, ctx.actor.id, password);
  const failure = settleAttempt(ctx.db, key, at, ok);
  return { ok, lockedUntil: failure?.locks ? failure.lockedUntil : null };
}
