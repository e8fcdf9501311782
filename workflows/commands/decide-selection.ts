import { z } from 'zod';
import { signatures } from '~/db/schema';
import { conflict, invalid, refused } from '../errors';
import { id, shownFingerprint, version } from '../input';
import { selectionMayNot } from '../machines/platform-selection';
import { signatureMeanings } from '../machines/requirement-signoff';
import {
  applySelectionEvent,
  candidateName,
  loadSelectionFor,
  resultsFingerprint,
  selectionData,
  selectionRef,
  selectionSignatureRefused,
  submittedScores,
} from '../selection/access';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const decideSelectionInput = z.object({
  ...selectionRef,
  candidateId: id('Choose the platform selected.'),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  expectedVersion: version(),
  /** The results the sponsor's page showed (resultsFingerprint). */
  fingerprint: shownFingerprint(),
});

/**
 * The sponsor signs the decision over the results they were shown (the instance version and the
 * results' fingerprint: every counted score and comment, the weights, the costs), naming the platform.
 */
export const decideSelection = signWithPassword({
  input: decideSelectionInput,
  load: ({ tx, actor }, data) => loadSelectionFor(tx, actor, data),
  refusedAs: selectionSignatureRefused,
  sign: ({ tx, actor, at }, data, loaded) => {
    const notYours = selectionMayNot(loaded.context, 'DECIDE', loaded.party);
    if (notYours) throw refused(notYours);
    const setup = selectionData(tx, loaded.selection.id);
    const counted = loaded.context.submitted.map((s) => s.evaluatorId);
    const shown = resultsFingerprint(loaded.selection.key, loaded.context.round, setup, submittedScores(tx, loaded.selection.id, counted));
    if (loaded.instance.version !== data.expectedVersion || shown !== data.fingerprint)
      throw conflict('The results changed since you opened them, so nothing was signed. Reload the page, read them again, then sign.');
    const candidate = setup.candidates.find((c) => c.id === data.candidateId);
    if (!candidate) throw invalid('Check the highlighted fields.', { candidateId: 'Choose one of the candidates.' });
    requireMeaningAllowed(tx, loaded.selection.projectId, actor.id, data.meaning);
    const applied = applySelectionEvent(tx, loaded, {
      event: {
        type: 'DECIDE',
        actor: loaded.party,
        at: at.toISOString(),
        meaning: data.meaning,
        fingerprint: data.fingerprint,
        version: data.expectedVersion,
        candidateId: candidate.id,
      },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'selection.decided',
      detail: `${loaded.selection.key} decided: ${candidateName(candidate)} (${data.meaning}; version ${data.expectedVersion}, ${data.fingerprint.slice(0, 12)}).`,
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
