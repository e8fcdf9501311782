import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { deliverables, paymentMilestoneDeliverables, paymentMilestones } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { amount, id, isoDate, list, text } from '../input';
import { contractRef, loadContractFor } from '../vendors/access';

export const addPaymentMilestoneInput = z.object({
  ...contractRef,
  name: text({ max: 200, min: 3, message: 'Name the milestone (at least 3 characters).' }),
  amount: amount({ digits: 12, decimals: 2, message: 'Enter the amount, e.g. 120000.00.' }),
  dueDate: isoDate(),
  deliverableIds: list(id()).pipe(z.array(z.number()).min(1, 'Choose the deliverables the payment depends on.')),
});

/** The PM adds a payment milestone to a contract, depending on some of its deliverables. */
export const addPaymentMilestone = defineCommand({
  input: addPaymentMilestoneInput,
  handle: ({ tx, actor, at }, data) => {
    const { contract } = loadContractFor(tx, actor, data, 'vendor.manage');
    const ids = [...new Set(data.deliverableIds)];
    const found = tx
      .select({ id: deliverables.id, key: deliverables.key })
      .from(deliverables)
      .where(and(inArray(deliverables.id, ids), eq(deliverables.contractId, contract.id)))
      .all();
    if (found.length !== ids.length) throw invalid('Check the highlighted fields.', { deliverableIds: 'Choose deliverables of this contract.' });
    const milestone = tx
      .insert(paymentMilestones)
      .values({ contractId: contract.id, name: data.name, amount: data.amount, dueDate: data.dueDate, createdAt: at.toISOString() })
      .returning()
      .get();
    tx.insert(paymentMilestoneDeliverables)
      .values(ids.map((deliverableId) => ({ milestoneId: milestone.id, deliverableId })))
      .run();
    emitAudit(tx, {
      at,
      actor,
      projectId: contract.projectId,
      action: 'payment.milestone_added',
      subjectType: 'payment_milestone',
      subjectId: milestone.id,
      after: { contract: contract.reference, name: data.name, amount: data.amount, dueDate: data.dueDate, deliverables: found.map((d) => d.key) },
    });
    return milestone;
  },
});
