import { z } from 'zod';
import { signatures } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { signatureMeanings } from '../machines/requirement-signoff';
import { signerPasswordMatches } from '../passwords';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';

export const signRequirementInput = z.object({
  requirementId: z.coerce.number().int().positive(),
  password: z.string().min(1, 'Enter your password to sign.'),
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  fingerprint: z.string().min(1),
});

/**
 * A named stakeholder signs the version they read: password re-entered (checked before the
 * transaction), a meaning chosen, the fingerprint of the content recorded. A wrong password is refused
 * and audited.
 */
export async function signRequirement(ctx: CommandContext, input: z.input<typeof signRequirementInput>) {
  const parsed = signRequirementInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const passwordOk = await signerPasswordMatches(ctx.db, ctx.actor.id, data.password);
  const at = nowOf(ctx.now);
  const outcome = ctx.db.transaction((tx) => {
    const loaded = loadRequirementFor(tx, ctx.actor, data.requirementId, 'requirement.sign');
    const subject = `${loaded.requirement.key} v${loaded.version.number}`;
    if (!passwordOk) {
      emitAudit(tx, {
        at,
        actor: ctx.actor,
        projectId: loaded.requirement.projectId,
        action: 'requirement.signature_refused',
        subjectType: 'requirement',
        subjectId: subject,
        detail: 'Wrong password at signing: no signature recorded.',
      });
      return { refused: true as const };
    }
    const applied = applySignoffEvent(tx, loaded, {
      event: {
        type: 'SIGN',
        actor: { id: ctx.actor.id, roles: loaded.roles },
        at: at.toISOString(),
        meaning: data.meaning,
        fingerprint: data.fingerprint,
      },
      actor: ctx.actor,
      at,
      action: 'requirement.signed',
      detail: `Signed ${subject} (${data.fingerprint.slice(0, 12)}): ${data.meaning}`,
    });
    tx.insert(signatures)
      .values({
        instanceId: loaded.version.instanceId,
        eventId: applied.eventId,
        userId: ctx.actor.id,
        meaning: data.meaning,
        fingerprint: data.fingerprint,
        at: at.toISOString(),
      })
      .run();
    return { refused: false as const, applied };
  }, immediate);
  if (outcome.refused) throw invalid('Your password was not accepted, so nothing was signed.', { password: 'Wrong password.' });
  return outcome.applied;
}
