import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { workflowInstances } from '~/db/schema';
import { applyGateEvent, loadPhaseFor } from '../gates/decision';
import { evaluateEvidence, unmetOf } from '../gates/evidence';
import { id, optionalVersion } from '../input';
import { phaseGate } from '../machines/phase-gate';
import { contextOf } from '../runtime';
import { signingPassword, signWithPassword } from '../signing';

export const approveGateInput = z.object({
  phaseId: id(),
  password: signingPassword,
  meaning: z.string().min(1, 'Confirm the meaning of your signature.').max(500),
  expectedVersion: optionalVersion(),
});
export type ApproveGateInput = z.input<typeof approveGateInput>;

/**
 * A designated approver signs the gate: the password is checked again, the meaning of the signature is
 * recorded, and a wrong password is refused and audited.
 */
export const approveGate = signWithPassword({
  input: approveGateInput,
  load: ({ tx, actor }, data) => loadPhaseFor(tx, actor, data.phaseId, 'gate.decide'),
  refusedAs: ({ phase }) => ({ projectId: phase.projectId, action: 'gate.signature_refused', subjectType: 'phase', subjectId: phase.id }),
  sign: ({ tx, actor, at }, data, { phase, roles }) => {
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    const unmetEvidence = unmetOf(evaluateEvidence(tx, phase.projectId, contextOf(phaseGate, instance).checklist));
    return applyGateEvent(tx, {
      phase,
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'gate.signed',
      detail: `Signed: "${data.meaning}"`,
      event: { type: 'APPROVE', actor: { id: actor.id, roles }, at: at.toISOString(), meaning: data.meaning, unmetEvidence },
    });
  },
});
