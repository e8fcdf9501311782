import { z } from 'zod';
import { signatures } from '~/db/schema';
import { applyChangeEvent, changeRef, loadChangeFor } from '../changes/access';
import { impactFingerprint } from '../changes/impact';
import { moveMilestones } from '../changes/schedule';
import { conflict, refused } from '../errors';
import { shownFingerprint } from '../input';
import { changeMayNot } from '../machines/change-request';
import { signatureMeanings } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const approveChangeRequestInput = z.object({
  ...changeRef,
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  /** The assessment the decider's page showed (impactFingerprint). */
  fingerprint: shownFingerprint(),
});

/**
 * The named decider approves the change with a signature (password re-entered, a meaning their
 * function allows) over the impact they were shown; an impact assessed again since is refused. An
 * approved schedule impact moves its milestones at once, each move recorded against the baseline.
 */
export const approveChangeRequest = signWithPassword({
  input: approveChangeRequestInput,
  load: ({ tx, actor }, data) => loadChangeFor(tx, actor, data),
  refusedAs: (loaded) => ({
    projectId: loaded.change.projectId,
    action: 'change.signature_refused',
    subjectType: 'change_request',
    subjectId: loaded.change.key,
  }),
  sign: ({ tx, actor, at }, data, loaded) => {
    // Who may decide is answered before what they signed: a non-decider learns that, not that the impact moved.
    const notYours = changeMayNot(loaded.context, 'APPROVE', loaded.party);
    if (notYours) throw refused(notYours);
    if (impactFingerprint(loaded.change.key, loaded.context) !== data.fingerprint)
      throw conflict(
        `The impact of ${loaded.change.key} was assessed again since you opened it, so nothing was signed. Reload the page, read it again, then sign.`,
      );
    requireMeaningAllowed(tx, loaded.change.projectId, actor.id, data.meaning);
    const applied = applyChangeEvent(tx, loaded, {
      event: { type: 'APPROVE', actor: loaded.party, at: at.toISOString(), meaning: data.meaning, fingerprint: data.fingerprint },
      actor,
      at,
      action: 'change.approved',
      detail: `${loaded.change.key} approved: ${data.meaning}.`,
    });
    tx.insert(signatures)
      .values({
        instanceId: loaded.change.instanceId,
        eventId: applied.eventId,
        userId: actor.id,
        meaning: data.meaning,
        fingerprint: data.fingerprint,
        at: at.toISOString(),
      })
      .run();
    moveMilestones(tx, actor, at, loaded.change, loaded.context.impact?.schedule ?? []);
    notify(tx, {
      userIds: [loaded.change.requestedBy],
      projectId: loaded.change.projectId,
      kind: 'change.decided',
      title: `${loaded.change.key} approved by ${actor.name}`,
      body: `Your change request ${loaded.change.key} (${loaded.change.title}) was approved: ${data.meaning}.`,
      link: itemLinks.change(loaded.change.projectId, loaded.change.id),
      at,
    });
    return applied;
  },
});
