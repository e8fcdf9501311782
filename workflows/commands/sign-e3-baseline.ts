import { z } from 'zod';
import { signatures } from '~/db/schema';
import { applyCycleEvent, baselineFingerprint, loadCycleFor, valuesOver } from '../e3/cycle';
import { conflict, refused } from '../errors';
import { id, shownFingerprint, version } from '../input';
import { e3MayNot } from '../machines/e3-cycle';
import { signatureMeanings } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';

export const signE3BaselineInput = z.object({
  projectId: id(),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  /** The cycle version and the fingerprint of the periods, KPIs, targets and values the sponsor's page showed. */
  expectedVersion: version(),
  fingerprint: shownFingerprint(),
});

/**
 * The sponsor signs the baseline (password re-entered, a meaning their function allows) over what
 * they were shown: its KPI values are computed now, compared by fingerprint with the page's, and
 * frozen into the cycle. Data uploaded later, even a baseline period replaced, never changes them.
 */
export const signE3Baseline = signWithPassword({
  input: signE3BaselineInput,
  load: ({ tx, actor }, data) => loadCycleFor(tx, actor, data.projectId),
  refusedAs: (loaded) => ({ projectId: loaded.cycle.projectId, action: 'e3.signature_refused', subjectType: 'e3_cycle', subjectId: loaded.cycle.number }),
  sign: ({ tx, actor, at }, data, loaded) => {
    const notYours = e3MayNot(loaded.context, 'SIGN_BASELINE', loaded.party);
    if (notYours) throw refused(notYours);
    const config = loaded.context.config;
    if (!config) throw refused('Choose the baseline periods and KPIs before it is signed.');
    const values = valuesOver(
      tx,
      loaded.cycle.projectId,
      config.periods,
      config.kpis.map((k) => k.key),
    );
    if (data.expectedVersion !== loaded.instance.version || baselineFingerprint(loaded.instance.version, config, values) !== data.fingerprint)
      throw conflict(
        'The baseline changed since you opened it (its configuration or its data), so nothing was signed. Reload the page, read it again, then sign.',
      );
    requireMeaningAllowed(tx, loaded.cycle.projectId, actor.id, data.meaning);
    const applied = applyCycleEvent(tx, loaded, {
      event: { type: 'SIGN_BASELINE', actor: loaded.party, at: at.toISOString(), meaning: data.meaning, fingerprint: data.fingerprint, ...values },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'e3.baseline_signed',
      detail: `Baseline of cycle ${loaded.cycle.number} signed: ${data.meaning}.`,
    });
    // The sponsor has answered the notice that asked for this signature.
    settleNotices(tx, actor.id, itemLinks.optimizationBaseline(loaded.cycle.projectId), at);
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
