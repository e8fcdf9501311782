import { z } from 'zod';
import { emitAudit } from './audit';
import type { AuditAction, AuditSubject } from './audit-catalogue';
import { defineAsyncCommand, RefuseAfterCommit, type Step } from './command';
import { invalid } from './errors';
import { signerPasswordMatches } from './passwords';

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
}) {
  return defineAsyncCommand({
    input: def.input,
    prepare: (ctx, data) => signerPasswordMatches(ctx.db, ctx.actor.id, data.password),
    handle: (step, data, passwordOk) => {
      const loaded = def.load(step, data);
      if (passwordOk) return def.sign(step, data, loaded);
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
      return new RefuseAfterCommit(invalid('Your password was not accepted, so nothing was signed.', { password: 'Wrong password.' }));
    },
  });
}
