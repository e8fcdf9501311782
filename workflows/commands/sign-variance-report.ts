import { z } from 'zod';
import { signatures } from '~/db/schema';
import { conflict } from '../errors';
import { id, shownFingerprint, version } from '../input';
import { signatureMeanings } from '../machines/requirement-signoff';
import { requireMeaningAllowed, signingPassword, signWithPassword } from '../signing';
import { applyReportEvent, loadParallelRunFor, storedReportFingerprint } from '../testing/parallel-load';
import { requireNothingUnexplained } from '../testing/variance-standing';

export const signVarianceReportInput = z.object({
  runId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
  /** The report's fingerprint and its sign-off instance's version the sign form was rendered from. */
  fingerprint: shownFingerprint(),
  expectedVersion: version(),
});

/**
 * A named stakeholder signs the variance report (password re-entered; wrong password audited). The
 * signature names the report the signer read (its fingerprint and the instance version): a form
 * rendered from another state of it is refused, nothing signed. Nothing in it may be unexplained (a
 * defect can be reopened after the report was submitted). The meaning must be one the signer's
 * function on the project allows (workflows/policy/functions.ts).
 */
export const signVarianceReport = signWithPassword({
  input: signVarianceReportInput,
  load: ({ tx, actor }, input) => loadParallelRunFor(tx, actor, input, 'requirement.sign'),
  refusedAs: ({ run }) => ({ projectId: run.projectId, action: 'parallel.signature_refused', subjectType: 'parallel_run', subjectId: run.id }),
  sign: ({ tx, actor, at }, input, { run, roles, instance }) => {
    const fingerprint = storedReportFingerprint(tx, run);
    if (instance.version !== input.expectedVersion || fingerprint !== input.fingerprint)
      throw conflict(`${run.name} changed since you opened it, so nothing was signed. Reload the page, read it again, then sign.`);
    requireNothingUnexplained(tx, run, 'signed');
    requireMeaningAllowed(tx, run.projectId, actor.id, input.meaning);
    const applied = applyReportEvent(tx, run, {
      event: { type: 'SIGN', actor: { id: actor.id, roles }, at: at.toISOString(), meaning: input.meaning, fingerprint },
      actor,
      at,
      action: 'parallel.report_signed',
      detail: `Signed ${run.name}: ${input.meaning}`,
    });
    tx.insert(signatures)
      .values({ instanceId: run.instanceId, eventId: applied.eventId, userId: actor.id, meaning: input.meaning, fingerprint, at: at.toISOString() })
      .run();
    return applied;
  },
});
