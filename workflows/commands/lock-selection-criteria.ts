import { z } from 'zod';
import { signatures } from '~/db/schema';
import { conflict, refused } from '../errors';
import { shownFingerprint, version } from '../input';
import { selectionMayNot } from '../machines/platform-selection';
import { signatureMeanings } from '../machines/requirement-signoff';
import {
  applySelectionEvent,
  loadSelectionFor,
  selectionData,
  selectionRef,
  selectionSignatureRefused,
  setupFingerprint,
  setupProblems,
  weightsTotal,
} from '../selection/access';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const lockSelectionCriteriaInput = z.object({
  ...selectionRef,
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  expectedVersion: version(),
  /** The set-up the sponsor's page showed (setupFingerprint). */
  fingerprint: shownFingerprint(),
});

/**
 * The sponsor locks the criteria with a signature over the needs, candidates, criteria and weights they
 * were shown; refused (by the machine) unless the weights sum to exactly 100. Nothing of it moves after.
 */
export const lockSelectionCriteria = signWithPassword({
  input: lockSelectionCriteriaInput,
  load: ({ tx, actor }, data) => loadSelectionFor(tx, actor, data),
  refusedAs: selectionSignatureRefused,
  sign: ({ tx, actor, at }, data, loaded) => {
    const notYours = selectionMayNot(loaded.context, 'LOCK', loaded.party);
    if (notYours) throw refused(notYours);
    const setup = selectionData(tx, loaded.selection.id);
    if (loaded.instance.version !== data.expectedVersion || setupFingerprint(loaded.selection.key, loaded.context, setup) !== data.fingerprint)
      throw conflict('The selection changed since you opened it, so nothing was signed. Reload the page, read it again, then sign.');
    requireMeaningAllowed(tx, loaded.selection.projectId, actor.id, data.meaning);
    const total = weightsTotal(setup.criteria);
    const applied = applySelectionEvent(tx, loaded, {
      event: {
        type: 'LOCK',
        actor: loaded.party,
        at: at.toISOString(),
        meaning: data.meaning,
        fingerprint: data.fingerprint,
        weightsTotal: total,
        setupProblems: setupProblems(setup),
      },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'selection.criteria_locked',
      detail: `${loaded.selection.key} criteria locked: ${data.meaning} (weights ${setup.criteria.map((c) => `${c.name} ${c.weight}`).join(', ')}).`,
    });
    tx.insert(signatures)
      .values({
        instanceId: loaded.selection.instanceId,
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
