import { z } from 'zod';
import { signatures } from '~/db/schema';
import { conflict, refused } from '../errors';
import { id, shownFingerprint } from '../input';
import { recoveryMayNot } from '../machines/recovery';
import { signatureMeanings } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import { applyRecoveryEvent, loadRecoveryFor, planFingerprint } from '../recovery/access';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const acceptCorrectivePlanInput = z.object({
  projectId: id(),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  /** The plan revision the sponsor's page showed (planFingerprint). */
  fingerprint: shownFingerprint(),
});

/**
 * The sponsor named when the recovery started accepts the corrective plan with a signature (password
 * re-entered, a meaning their function allows) over the revision they were shown; a plan saved again
 * since is refused, and so is a plan that was never saved as a schedule baseline.
 */
export const acceptCorrectivePlan = signWithPassword({
  input: acceptCorrectivePlanInput,
  load: ({ tx, actor }, data) => loadRecoveryFor(tx, actor, data.projectId, 'recovery.accept'),
  refusedAs: (loaded) => ({ projectId: loaded.project.id, action: 'recovery.signature_refused', subjectType: 'recovery', subjectId: loaded.project.id }),
  sign: ({ tx, actor, at }, data, loaded) => {
    // Who may accept is answered before what they signed: someone else learns that, not that the plan moved.
    const notYours = recoveryMayNot(loaded.context, 'ACCEPT', loaded.party);
    if (notYours) throw refused(notYours);
    if (loaded.context.plan && planFingerprint(loaded.project.id, loaded.context.plan) !== data.fingerprint)
      throw conflict('The corrective plan was saved again since you opened it, so nothing was signed. Reload the page, read it again, then sign.');
    requireMeaningAllowed(tx, loaded.project.id, actor.id, data.meaning);
    settleNotices(tx, actor.id, itemLinks.recoveryPlan(loaded.project.id), at);
    const applied = applyRecoveryEvent(tx, loaded, {
      event: { type: 'ACCEPT', actor: loaded.party, at: at.toISOString(), meaning: data.meaning, fingerprint: data.fingerprint },
      actor,
      at,
      action: 'recovery.plan_accepted',
      detail: `Corrective plan revision ${loaded.context.plan?.revision ?? '?'} accepted: ${data.meaning}.`,
    });
    tx.insert(signatures)
      .values({
        instanceId: loaded.instance.id,
        eventId: applied.eventId,
        userId: actor.id,
        meaning: data.meaning,
        fingerprint: data.fingerprint,
        at: at.toISOString(),
      })
      .run();
    return applied;
  },
});
