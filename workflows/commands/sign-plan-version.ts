import { z } from 'zod';
import { signatures } from '~/db/schema';
import { conflict } from '../errors';
import { shownFingerprint, version } from '../input';
import { signatureOutcome } from '../machines/plan-approval';
import { signatureMeanings } from '../machines/requirement-signoff';
import { applyPlanEvent, loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const signPlanVersionInput = z.object({
  ...planVersionRef,
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  /** The version's fingerprint and the approval round the sign form was rendered from. */
  fingerprint: shownFingerprint(),
  round: version(),
});

/**
 * An approver of the group whose turn it is signs the version they read: password re-entered, the
 * meaning the route names for them (one their function allows), the fingerprint of the document
 * recorded. A signature names the version's fingerprint and approval round: a page of another content
 * or of an earlier round (rejected since, submitted again) signs nothing. The people of a group sign in
 * parallel: each signature is applied to the version as it stands when it commits, so two signing at
 * once are both recorded and the group completes once.
 */
export const signPlanVersion = signWithPassword({
  input: signPlanVersionInput,
  load: ({ tx, actor }, data) => loadPlanVersionFor(tx, actor, data, 'plan.sign'),
  refusedAs: (loaded) => ({ projectId: loaded.plan.projectId, action: 'plan.signature_refused', subjectType: 'plan', subjectId: versionName(loaded) }),
  sign: ({ tx, actor, at }, data, loaded) => {
    if (loaded.version.documentHash !== data.fingerprint || loaded.context.round !== data.round)
      throw conflict(`${versionName(loaded)} changed since you opened it, so nothing was signed. Reload the page, read it again, then sign.`);
    requireMeaningAllowed(tx, loaded.plan.projectId, actor.id, data.meaning);
    const event = {
      type: 'SIGN' as const,
      actor: { id: actor.id, roles: loaded.roles },
      at: at.toISOString(),
      meaning: data.meaning,
      fingerprint: data.fingerprint,
    };
    const outcome = signatureOutcome(loaded.context, event);
    const applied = applyPlanEvent(tx, loaded, {
      event,
      actor,
      at,
      action: outcome === 'route' ? 'plan.approved' : outcome === 'group' ? 'plan.group_approved' : 'plan.signed',
      detail: `Signed ${versionName(loaded)} (${data.fingerprint.slice(0, 12)}) in group ${loaded.context.group + 1}: ${data.meaning}${
        outcome === 'route' ? '. Every group has signed: approved.' : outcome === 'group' ? `. Group ${loaded.context.group + 1} is complete.` : ''
      }`,
    });
    tx.insert(signatures)
      .values({
        instanceId: loaded.version.instanceId!,
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
