import { z } from 'zod';
import { signatures } from '~/db/schema';
import { applyCycleEvent, loadCycleFor, reviewFingerprint } from '../e3/cycle';
import { conflict, refused } from '../errors';
import { id, shownFingerprint, version } from '../input';
import { e3MayNot, latestReview } from '../machines/e3-cycle';
import { signatureMeanings } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const signE3ReviewInput = z.object({
  projectId: id(),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  expectedVersion: version(),
  fingerprint: shownFingerprint(),
});

/** The sponsor signs the review in progress (its periods, frozen values and findings) as their page showed it. */
export const signE3Review = signWithPassword({
  input: signE3ReviewInput,
  load: ({ tx, actor }, data) => loadCycleFor(tx, actor, data.projectId),
  refusedAs: (loaded) => ({ projectId: loaded.cycle.projectId, action: 'e3.signature_refused', subjectType: 'e3_cycle', subjectId: loaded.cycle.number }),
  sign: ({ tx, actor, at }, data, loaded) => {
    if (loaded.state !== 'evaluating') throw refused('No review is in progress to sign.');
    const notYours = e3MayNot(loaded.context, 'SIGN_REVIEW', loaded.party);
    if (notYours) throw refused(notYours);
    if (data.expectedVersion !== loaded.instance.version || reviewFingerprint(loaded.instance.version, loaded.context) !== data.fingerprint)
      throw conflict('The review changed since you opened it (a finding was recorded), so nothing was signed. Reload the page, read it again, then sign.');
    requireMeaningAllowed(tx, loaded.cycle.projectId, actor.id, data.meaning);
    const review = latestReview(loaded.context)!;
    const applied = applyCycleEvent(tx, loaded, {
      event: { type: 'SIGN_REVIEW', actor: loaded.party, at: at.toISOString(), meaning: data.meaning, fingerprint: data.fingerprint },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'e3.review_signed',
      detail: `Review ${review.number} of cycle ${loaded.cycle.number} signed: ${data.meaning}.`,
    });
    settleNotices(tx, actor.id, itemLinks.optimizationReview(loaded.cycle.projectId, review.number), at);
    tx.insert(signatures)
      .values({
        instanceId: loaded.cycle.instanceId,
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
