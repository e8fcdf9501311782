import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { signatureMeaning } from '../machines/phase-gate';
import { signerPasswordMatches } from '../passwords';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';
import { evaluateEvidence, unmetOf } from '../gates/evidence';
import { applyGateEvent, gateContextOf, loadPhaseFor } from './gate-decision';

export const approveGateInput = z.object({
  phaseId: z.coerce.number().int().positive(),
  password: z.string().min(1, 'Enter your password to sign.'),
  meaning: z.string().min(1, 'Confirm the meaning of your signature.'),
  expectedVersion: z.coerce.number().int().min(0).optional(),
});
export type ApproveGateInput = z.input<typeof approveGateInput>;

/**
 * A designated approver signs the gate: the password is checked again (before the transaction, since
 * it is slow), the meaning of the signature is recorded, and a wrong password is refused and audited.
 */
export async function approveGate(ctx: CommandContext, input: ApproveGateInput) {
  const parsed = approveGateInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const passwordOk = await signerPasswordMatches(ctx.db, ctx.actor.id, data.password);
  const at = nowOf(ctx.now);
  // A refused signature is audited and committed, then reported; so the transaction returns, not throws.
  const outcome = ctx.db.transaction((tx) => {
    const { phase, roles } = loadPhaseFor(tx, ctx.actor, data.phaseId, 'gate.decide');
    if (!passwordOk) {
      emitAudit(tx, {
        at,
        actor: ctx.actor,
        projectId: phase.projectId,
        action: 'gate.signature_refused',
        subjectType: 'phase',
        subjectId: phase.id,
        detail: 'Wrong password at signing: no signature recorded.',
      });
      return { refused: true as const };
    }
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    const unmetEvidence = unmetOf(evaluateEvidence(tx, phase.projectId, gateContextOf(instance.context).checklist));
    const applied = applyGateEvent(tx, {
      phase,
      actor: ctx.actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'gate.approved_by',
      detail: `Signed: "${data.meaning}"`,
      event: { type: 'APPROVE', actor: { id: ctx.actor.id, roles }, at: at.toISOString(), meaning: data.meaning, unmetEvidence },
    });
    return { refused: false as const, applied };
  }, immediate);
  if (outcome.refused) throw invalid('Your password was not accepted, so nothing was signed.', { password: 'Wrong password.' });
  return outcome.applied;
}

/** The sentence an approver of this phase signs. */
export const meaningFor = (context: unknown) => signatureMeaning(gateContextOf(context));
