import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deliverableCriteria, deliverables, phases, users, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, isoDate, list, text } from '../input';
import { deliverableWorkflow } from '../machines/deliverable';
import { mayOnProject } from '../policy/roles';
import { rolesOn } from '../project-access';
import { createInstance } from '../runtime';
import { contractRef, loadContractFor } from '../vendors/access';
import { criterionTargetsInProject } from '../vendors/criteria';
import { nextDeliverableKey } from '../vendors/keys';

export const addDeliverableInput = z.object({
  ...contractRef,
  title: text({ max: 200, min: 3, message: 'Give the deliverable a title (at least 3 characters).' }),
  description: text({ max: 4000 }).default(''),
  phaseKey: z.string('Choose the phase it is due in.').trim().min(1, 'Choose the phase it is due in.'),
  dueDate: isoDate(),
  ownerId: id('Choose who delivers it for the vendor.'),
  reviewerId: id('Choose the client reviewer.'),
  requirementIds: list(id()),
  caseIds: list(id()),
  cycleIds: list(id()),
  /** Stated conditions the reviewer ticks; empty lines are ignored. */
  checklist: list(z.string().trim().max(500, 'Keep each condition under 500 characters.')).transform((items) => items.filter(Boolean)),
});

/**
 * The PM adds a deliverable to a contract: its key (DLV-nnn), due date and phase, the vendor's owner
 * (a person of the contract's firm), the client reviewer (never of the vendor's firm) and its
 * acceptance criteria (requirements, payout cases or a test cycle of this project, a checklist).
 */
export const addDeliverable = defineCommand({
  input: addDeliverableInput,
  handle: ({ tx, actor, at }, data) => {
    const { contract } = loadContractFor(tx, actor, data, 'vendor.manage');
    const errors: Record<string, string> = {};
    const phase = tx
      .select({ id: phases.id })
      .from(phases)
      .where(and(eq(phases.projectId, contract.projectId), eq(phases.key, data.phaseKey)))
      .get();
    if (!phase) errors.phaseKey = 'Choose a phase of this project.';
    const owner = tx.select().from(users).where(eq(users.id, data.ownerId)).get();
    if (owner?.vendorFirmId !== contract.firmId) errors.ownerId = 'The owner is a person of the contract’s vendor firm.';
    const reviewer = tx.select().from(users).where(eq(users.id, data.reviewerId)).get();
    if (!reviewer) errors.reviewerId = 'Choose the client reviewer.';
    else if (reviewer.vendorFirmId !== null) errors.reviewerId = 'The reviewer is on the client’s side, never of a vendor firm.';
    else if (!mayOnProject({ ...reviewer, vendorFirmId: null }, rolesOn(tx, reviewer.id, contract.projectId), 'vendor.review'))
      errors.reviewerId = 'The reviewer must be a project manager, stakeholder, analyst or tester on this project.';
    const wrong = criterionTargetsInProject(tx, contract.projectId, data);
    if (wrong) errors[wrong] = wrong === 'caseIds' ? 'Choose payout cases of this project.' : 'Choose from this project.';
    if (data.requirementIds.length + data.caseIds.length + data.cycleIds.length + data.checklist.length === 0)
      errors.checklist = 'Give at least one acceptance criterion.';
    if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);

    const key = nextDeliverableKey(tx, contract.projectId);
    const instance = createInstance(tx, deliverableWorkflow, {
      input: { key, firmId: contract.firmId, ownerId: data.ownerId, reviewerId: data.reviewerId },
      subjectType: 'deliverable',
      subjectId: null,
      projectId: contract.projectId,
      at,
    });
    const deliverable = tx
      .insert(deliverables)
      .values({
        projectId: contract.projectId,
        contractId: contract.id,
        key,
        title: data.title,
        description: data.description,
        phaseKey: data.phaseKey,
        dueDate: data.dueDate,
        ownerId: data.ownerId,
        reviewerId: data.reviewerId,
        instanceId: instance.id,
        createdBy: actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    tx.update(workflowInstances).set({ subjectId: deliverable.id }).where(eq(workflowInstances.id, instance.id)).run();
    const criteria = [
      ...[...new Set(data.requirementIds)].map((requirementId) => ({ kind: 'requirement' as const, requirementId })),
      ...[...new Set(data.caseIds)].map((caseId) => ({ kind: 'payout_case' as const, caseId })),
      ...[...new Set(data.cycleIds)].map((cycleId) => ({ kind: 'test_cycle' as const, cycleId })),
      ...data.checklist.map((t) => ({ kind: 'checklist' as const, text: t })),
    ];
    tx.insert(deliverableCriteria)
      .values(criteria.map((c, position) => ({ deliverableId: deliverable.id, position, ...c })))
      .run();
    emitAudit(tx, {
      at,
      actor,
      projectId: contract.projectId,
      action: 'deliverable.added',
      subjectType: 'deliverable',
      subjectId: key,
      toState: 'planned',
      after: {
        contract: contract.reference,
        title: data.title,
        phaseKey: data.phaseKey,
        dueDate: data.dueDate,
        ownerId: data.ownerId,
        reviewerId: data.reviewerId,
        criteria,
      },
    });
    return deliverable;
  },
});
