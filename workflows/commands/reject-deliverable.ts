import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deliverableSubmissions } from '~/db/schema';
import { defineCommand } from '../command';
import { id, list, text } from '../input';
import { applyDeliverableEvent, deliverableRef, loadDeliverableFor } from '../vendors/access';
import { criteriaOf, unmetOf } from '../vendors/criteria';

const reason = text({ max: 2000 });

/**
 * Reasons come per criterion, as the form posts them: `reason.<criterionId>` for a criterion and
 * `reason.general` for the submission as a whole (or, from code, a `reasons` list).
 */
export const rejectDeliverableInput = z
  .looseObject({
    ...deliverableRef,
    reasons: z.array(z.object({ criterionId: id().nullable(), reason })).optional(),
    checked: list(id()),
  })
  .transform((v) => {
    const posted = Object.entries(v)
      .filter(([k]) => k.startsWith('reason.'))
      .map(([k, value]) => ({ criterionId: k === 'reason.general' ? null : Number(k.slice('reason.'.length)), reason: String(value ?? '').trim() }))
      .filter((r) => r.reason && (r.criterionId === null || Number.isInteger(r.criterionId)));
    return { projectId: v.projectId, deliverableId: v.deliverableId, checked: v.checked, reasons: [...(v.reasons ?? []), ...posted] };
  });

/**
 * The named client reviewer rejects the submission in review, with a reason for each criterion that
 * does not hold (computed now) and at least one reason; the vendor resubmits. The criteria as they
 * stood are kept with the submission.
 */
export const rejectDeliverable = defineCommand({
  input: rejectDeliverableInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadDeliverableFor(tx, actor, data, 'vendor.view');
    // A checklist item the reviewer did not tick is unmet, so it needs a reason too.
    const criteria = criteriaOf(tx, loaded.deliverable, data.checked);
    const known = new Set(criteria.map((c) => c.criterionId));
    const reasons = data.reasons.filter((r) => r.criterionId === null || known.has(r.criterionId));
    const number = loaded.context.submissions;
    const words = (r: { criterionId: number | null; reason: string }) =>
      `${r.criterionId === null ? 'overall' : (criteria.find((c) => c.criterionId === r.criterionId)?.label ?? '')}: ${r.reason}`;
    const applied = applyDeliverableEvent(tx, loaded, {
      event: { type: 'REJECT', actor: loaded.party, at: at.toISOString(), reasons, unmet: unmetOf(criteria) },
      actor,
      at,
      action: 'deliverable.rejected',
      detail: `${loaded.deliverable.key} submission ${number} rejected. ${reasons.map(words).join(' · ')}`,
      after: { criteria },
    });
    tx.update(deliverableSubmissions)
      .set({ outcome: 'rejected', reasons, criteria, decidedBy: actor.id, decidedAt: at.toISOString() })
      .where(and(eq(deliverableSubmissions.deliverableId, loaded.deliverable.id), eq(deliverableSubmissions.number, number)))
      .run();
    return applied;
  },
});
