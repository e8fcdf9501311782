import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { projectMembers, workflowInstances } from '~/db/schema';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { applyGateEvent, loadPhaseFor } from '../gates/decision';
import { evaluateEvidence, unmetOf } from '../gates/evidence';
import { checkbox, id, list, optionalVersion, text } from '../input';
import { phaseGate } from '../machines/phase-gate';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';
import { contextOf } from '../runtime';

export const requestGateReviewInput = z.object({
  phaseId: id(),
  expectedVersion: optionalVersion(),
  checklist: z.array(z.object({ key: z.string().max(100), checked: checkbox(), note: text({ max: 2000 }).default('') })).max(100),
  approverIds: list(id('Choose approvers from the list.')).pipe(z.array(z.number()).min(1, 'Choose at least one approver.')),
});
export type RequestGateReviewInput = z.input<typeof requestGateReviewInput>;

/** The PM asks the named stakeholders to approve the phase's gate, with the checklist filled in. */
export const requestGateReview = defineCommand({
  input: requestGateReviewInput,
  handle: ({ tx, actor, at }, data) => {
    const { phase, project, roles } = loadPhaseFor(tx, actor, data.phaseId, 'gate.requestReview');
    const stakeholders = tx
      .select({ userId: projectMembers.userId })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.role, 'stakeholder'), inArray(projectMembers.userId, data.approverIds)))
      .all();
    if (stakeholders.length !== new Set(data.approverIds).size)
      throw invalid('Check the highlighted fields.', { approverIds: 'Approvers must be stakeholders of this project.' });
    const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    const unmetEvidence = unmetOf(evaluateEvidence(tx, project.id, phase, contextOf(phaseGate, instance).checklist));
    const applied = applyGateEvent(tx, {
      phase,
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'gate.review_requested',
      detail: `Review of the ${phase.name} gate requested.`,
      event: {
        type: 'REQUEST_REVIEW',
        actor: { id: actor.id, roles },
        at: at.toISOString(),
        checklist: data.checklist,
        approvers: data.approverIds,
        unmetEvidence,
      },
    });
    notify(tx, {
      userIds: data.approverIds,
      projectId: project.id,
      kind: 'signature.requested',
      title: `Approve the ${phase.name} gate of ${project.name}`,
      body: `${actor.name} asks you to review and sign the ${phase.name} gate of ${project.name}.`,
      link: itemLinks.gate(project.id, phase.id),
      at,
    });
    return applied;
  },
});
