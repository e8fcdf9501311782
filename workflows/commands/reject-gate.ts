import { z } from 'zod';
import { defineCommand } from '../command';
import { applyGateEvent, loadPhaseFor } from '../gates/decision';
import { id, text, version } from '../input';

export const rejectGateInput = z.object({
  phaseId: id(),
  reason: text({ max: 4000, min: 5, message: 'Say what has to change before the gate can pass (at least 5 characters).' }),
  /** The gate instance's version the form was rendered from: a decision on a round the approver did not read is refused. */
  expectedVersion: version(),
});
export type RejectGateInput = z.input<typeof rejectGateInput>;

/** A designated approver sends the phase back with a reason; the PM fixes it and asks again. */
export const rejectGate = defineCommand({
  input: rejectGateInput,
  handle: ({ tx, actor, at }, data) => {
    const { phase, roles } = loadPhaseFor(tx, actor, data.phaseId, 'gate.decide');
    return applyGateEvent(tx, {
      phase,
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'gate.sent_back',
      detail: `Sent back: ${data.reason}`,
      event: { type: 'REJECT', actor: { id: actor.id, roles }, at: at.toISOString(), reason: data.reason },
    });
  },
});
