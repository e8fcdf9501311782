import { z } from 'zod';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';
import { applyGateEvent, loadPhaseFor } from './gate-decision';

export const rejectGateInput = z.object({
  phaseId: z.coerce.number().int().positive(),
  reason: z.string().trim().min(5, 'Say what has to change before the gate can pass (at least 5 characters).').max(4000),
  expectedVersion: z.coerce.number().int().min(0).optional(),
});
export type RejectGateInput = z.input<typeof rejectGateInput>;

/** A designated approver sends the phase back with a reason; the PM fixes it and asks again. */
export function rejectGate(ctx: CommandContext, input: RejectGateInput) {
  const parsed = rejectGateInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const { phase, roles } = loadPhaseFor(tx, ctx.actor, data.phaseId, 'gate.decide');
    return applyGateEvent(tx, {
      phase,
      actor: ctx.actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'gate.sent_back',
      detail: `Sent back: ${data.reason}`,
      event: { type: 'REJECT', actor: { id: ctx.actor.id, roles }, at: at.toISOString(), reason: data.reason },
    });
  }, immediate);
}
