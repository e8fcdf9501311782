import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { workflowInstances } from '~/db/schema';
import { anchorAuditHead } from '../audit';
import { conflict } from '../errors';
import { applyGateEvent, loadPhaseFor } from '../gates/decision';
import { evaluateEvidence, unmetOf } from '../gates/evidence';
import { gateFingerprint } from '../gates/fingerprint';
import { id, shownFingerprint, version } from '../input';
import { phaseGate } from '../machines/phase-gate';
import { contextOf } from '../runtime';
import { signingPassword, signWithPassword } from '../signing';

export const approveGateInput = z.object({
  phaseId: id(),
  password: signingPassword,
  meaning: z.string().min(1, 'Confirm the meaning of your signature.').max(500),
  /** The gate instance's version and the review's fingerprint the approve form was rendered from. */
  expectedVersion: version(),
  fingerprint: shownFingerprint(),
});
export type ApproveGateInput = z.input<typeof approveGateInput>;

/**
 * A designated approver signs the gate: the password is checked again, the meaning of the signature is
 * recorded, and a wrong password is refused and audited. The signature names the review round the
 * approver read (instance version and review fingerprint): if the gate moved since (another decision,
 * a send-back and a new request), nothing is signed and they are asked to reload.
 */
export const approveGate = signWithPassword({
  input: approveGateInput,
  load: ({ tx, actor }, data) => loadPhaseFor(tx, actor, data.phaseId, 'gate.decide'),
  refusedAs: ({ phase }) => ({ projectId: phase.projectId, action: 'gate.signature_refused', subjectType: 'phase', subjectId: phase.id }),
  // Each gate approval anchors the audit chain's head outside the database.
  afterCommit: ({ db }) => anchorAuditHead(db),
  sign: ({ tx, actor, at }, data, { phase, roles }) => {
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    const context = contextOf(phaseGate, instance);
    if (instance.version !== data.expectedVersion || gateFingerprint(context) !== data.fingerprint)
      throw conflict('This gate review changed since you opened it, so nothing was signed. Reload the page, read it again, then sign.');
    const unmetEvidence = unmetOf(evaluateEvidence(tx, phase.projectId, phase, context.checklist));
    return applyGateEvent(tx, {
      phase,
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'gate.signed',
      detail: `Signed: "${data.meaning}" (review round ${context.round}, ${data.fingerprint.slice(0, 12)})`,
      fingerprint: data.fingerprint,
      event: { type: 'APPROVE', actor: { id: actor.id, roles }, at: at.toISOString(), meaning: data.meaning, unmetEvidence },
    });
  },
});
