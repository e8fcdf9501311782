import { z } from 'zod';
import { signatures } from '~/db/schema';
import { id } from '../input';
import { signatureMeanings } from '../machines/requirement-signoff';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';
import { signingPassword, signWithPassword } from '../signing';

export const signRequirementInput = z.object({
  requirementId: id(),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  fingerprint: z.string().min(1, 'Reload the page and try again.').max(100),
});

/**
 * A named stakeholder signs the version they read: password re-entered, a meaning chosen, the
 * fingerprint of the content recorded. A wrong password is refused and audited.
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
