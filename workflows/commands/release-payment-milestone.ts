import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contracts, paymentMilestones } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound, refused } from '../errors';
import { id } from '../input';
import { requireVendorAccess } from '../vendors/access';
import { milestoneStandings } from '../vendors/payments';

export const releasePaymentMilestoneInput = z.object({ projectId: id(), milestoneId: id() });

/**
 * The PM records that a payment milestone is released. Refused, naming them, while one of its
 * deliverables is neither accepted nor waived; a released milestone is released once.
 */
export const releasePaymentMilestone = defineCommand({
  input: releasePaymentMilestoneInput,
  handle: ({ tx, actor, at }, data) => {
    requireVendorAccess(tx, actor, data.projectId, 'vendor.manage');
    const row = tx
      .select({ m: paymentMilestones, contract: contracts })
      .from(paymentMilestones)
      .innerJoin(contracts, eq(contracts.id, paymentMilestones.contractId))
      .where(eq(paymentMilestones.id, data.milestoneId))
      .get();
    if (!row || row.contract.projectId !== data.projectId) throw notFound('No such payment milestone in this project.');
    const standing = milestoneStandings(tx, [row.contract.id]).find((m) => m.id === row.m.id)!;
    if (standing.releasedAt) throw refused(`${standing.name} was released on ${standing.releasedAt.slice(0, 10)}.`);
    if (!standing.releasable)
      throw refused(`${standing.name} cannot be released: it waits on ${standing.waitingOn.join(', ')}, which must be accepted or waived first.`);
    tx.update(paymentMilestones).set({ releasedAt: at.toISOString(), releasedBy: actor.id }).where(eq(paymentMilestones.id, row.m.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'payment.released',
      subjectType: 'payment_milestone',
      subjectId: row.m.id,
      fromState: 'releasable',
      toState: 'released',
      detail: `${row.contract.reference}: ${standing.name} (${standing.amount} ${row.contract.currency}) released; ${standing.deliverables.map((d) => `${d.key} ${d.state}`).join(', ')}.`,
    });
    return { ...standing, releasedAt: at.toISOString(), releasedBy: actor.id };
  },
});
