import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { projectMembers, workflowInstances } from '~/db/schema';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';
import { evaluateEvidence, unmetOf } from '../gates/evidence';
import { applyGateEvent, gateContextOf, loadPhaseFor } from './gate-decision';

export const requestGateReviewInput = z.object({
  phaseId: z.coerce.number().int().positive(),
  expectedVersion: z.coerce.number().int().min(0).optional(),
  checklist: z.array(z.object({ key: z.string(), checked: z.boolean(), note: z.string().max(2000).default('') })),
  approverIds: z.array(z.coerce.number().int().positive()).min(1, 'Choose at least one approver.'),
});
export type RequestGateReviewInput = z.input<typeof requestGateReviewInput>;

/** The PM asks the named stakeholders to approve the phase's gate, with the checklist filled in. */
export function requestGateReview(ctx: CommandContext, input: RequestGateReviewInput) {
  const parsed = requestGateReviewInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const { phase, project, roles } = loadPhaseFor(tx, ctx.actor, data.phaseId, 'gate.requestReview');
    const stakeholders = tx
      .select({ userId: projectMembers.userId })
      .from(projectMembers)
      .where(
        and(eq(projectMembers.projectId, project.id), eq(projectMembers.role, 'stakeholder'), inArray(projectMembers.userId, data.approverIds)),
      )
      .all();
    if (stakeholders.length !== new Set(data.approverIds).size)
      throw invalid('Check the highlighted fields.', { approverIds: 'Approvers must be stakeholders of this project.' });
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    const unmetEvidence = unmetOf(evaluateEvidence(tx, project.id, gateContextOf(instance.context).checklist));
    return applyGateEvent(tx, {
      phase,
      actor: ctx.actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'gate.review_requested',
      detail: `Review of the ${phase.name} gate requested.`,
      event: {
        type: 'REQUEST_REVIEW',
        actor: { id: ctx.actor.id, roles },
        at: at.toISOString(),
        checklist: data.checklist,
        approvers: data.approverIds,
        unmetEvidence,
      },
    });
  }, immediate);
}
