import { z } from 'zod';
import { signatures } from '~/db/schema';
import { conflict } from '../errors';
import { id, shownFingerprint, version } from '../input';
import { signatureMeanings } from '../machines/requirement-signoff';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const signRequirementInput = z.object({
  requirementId: id(),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  /** The content fingerprint and the sign-off instance's version the sign form was rendered from. */
  fingerprint: shownFingerprint(),
  expectedVersion: version(),
});

/**
 * A named stakeholder signs the version they read: password re-entered, a meaning chosen, the
 * fingerprint of the content recorded. A wrong password is refused and audited. The signature names
 * the review the signer read (content fingerprint and instance version): if the requirement moved
 * since (withdrawn and submitted again, another signature), nothing is signed and they are asked to reload.
 * The meaning must be one the signer's function on the project allows (workflows/policy/functions.ts).
 */
export const signRequirement = signWithPassword({
  input: signRequirementInput,
  load: ({ tx, actor }, data) => loadRequirementFor(tx, actor, data.requirementId, 'requirement.sign'),
  refusedAs: ({ requirement, version }) => ({
    projectId: requirement.projectId,
    action: 'requirement.signature_refused',
    subjectType: 'requirement',
    subjectId: `${requirement.key} v${version.number}`,
  }),
  sign: ({ tx, actor, at }, data, loaded) => {
    if (loaded.instance.version !== data.expectedVersion || loaded.version.fingerprint !== data.fingerprint)
      throw conflict(`${loaded.requirement.key} changed since you opened it, so nothing was signed. Reload the page, read it again, then sign.`);
    requireMeaningAllowed(tx, loaded.requirement.projectId, actor.id, data.meaning);
    const applied = applySignoffEvent(tx, loaded, {
      event: { type: 'SIGN', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString(), meaning: data.meaning, fingerprint: data.fingerprint },
      actor,
      at,
      action: 'requirement.signed',
      detail: `Signed ${loaded.requirement.key} v${loaded.version.number} (${data.fingerprint.slice(0, 12)}): ${data.meaning}`,
    });
    tx.insert(signatures)
      .values({
        instanceId: loaded.version.instanceId,
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
