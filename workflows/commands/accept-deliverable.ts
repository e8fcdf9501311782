import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deliverableSubmissions, signatures } from '~/db/schema';
import { conflict } from '../errors';
import { id, list, shownFingerprint } from '../input';
import { signatureMeanings } from '../machines/requirement-signoff';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';
import { applyDeliverableEvent, deliverableRef, loadDeliverableFor } from '../vendors/access';
import { criteriaOf, evidenceFingerprint, unmetOf } from '../vendors/criteria';

export const acceptDeliverableInput = z.object({
  ...deliverableRef,
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  /** The submission and evidence the reviewer's page showed (evidenceFingerprint). */
  fingerprint: shownFingerprint(),
  /** The checklist items the reviewer ticks. */
  checked: list(id()),
});

/**
 * The named client reviewer accepts the submission in review with a signature (password re-entered,
 * a meaning their function allows), only when every criterion holds now. The criteria as they stood
 * (case run ids, requirement versions, the ticked checklist) are recorded with the submission and in
 * the event, so a later run never rewrites what was accepted.
 */
export const acceptDeliverable = signWithPassword({
  input: acceptDeliverableInput,
  load: ({ tx, actor }, data) => loadDeliverableFor(tx, actor, data, 'vendor.view'),
  refusedAs: (loaded) => ({
    projectId: loaded.deliverable.projectId,
    action: 'deliverable.signature_refused',
    subjectType: 'deliverable',
    subjectId: loaded.deliverable.key,
  }),
  sign: ({ tx, actor, at }, data, loaded) => {
    const criteria = criteriaOf(tx, loaded.deliverable, data.checked);
    const number = loaded.context.submissions;
    if (evidenceFingerprint(number, criteria) !== data.fingerprint)
      throw conflict(
        `The evidence of ${loaded.deliverable.key} changed since you opened it, so nothing was signed. Reload the page, read the criteria again, then sign.`,
      );
    requireMeaningAllowed(tx, loaded.deliverable.projectId, actor.id, data.meaning);
    const applied = applyDeliverableEvent(tx, loaded, {
      event: { type: 'ACCEPT', actor: loaded.party, at: at.toISOString(), meaning: data.meaning, fingerprint: data.fingerprint, unmet: unmetOf(criteria) },
      actor,
      at,
      action: 'deliverable.accepted',
      detail: `${loaded.deliverable.key} submission ${number} accepted: ${data.meaning}. Criteria: ${criteria.map((c) => `${c.label} (${c.detail})`).join('; ')}.`,
      after: { criteria },
    });
    const signature = tx
      .insert(signatures)
      .values({
        instanceId: loaded.deliverable.instanceId,
        eventId: applied.eventId,
        userId: actor.id,
        meaning: data.meaning,
        fingerprint: data.fingerprint,
        at: at.toISOString(),
      })
      .returning({ id: signatures.id })
      .get();
    tx.update(deliverableSubmissions)
      .set({ outcome: 'accepted', criteria, decidedBy: actor.id, decidedAt: at.toISOString(), signatureId: signature.id })
      .where(and(eq(deliverableSubmissions.deliverableId, loaded.deliverable.id), eq(deliverableSubmissions.number, number)))
      .run();
    return { ...applied, criteria };
  },
});
