import { z } from 'zod';
import { signatures } from '~/db/schema';
import { id } from '../input';
import { signatureMeanings } from '../machines/requirement-signoff';
import { signingPassword, signWithPassword } from '../signing';
import { applyReportEvent, loadParallelRunFor } from '../testing/parallel-load';
import { reportFingerprint } from '../testing/variance';

export const signVarianceReportInput = z.object({
  runId: id(),
  password: signingPassword,
  meaning: z.enum(signatureMeanings, 'Choose the meaning of your signature.'),
});

/** A named stakeholder signs the variance report (password re-entered; wrong password audited). */
export const signVarianceReport = signWithPassword({
  input: signVarianceReportInput,
  load: ({ tx, actor }, input) => loadParallelRunFor(tx, actor, input.runId, 'requirement.sign'),
  refusedAs: ({ run }) => ({ projectId: run.projectId, action: 'parallel.signature_refused', subjectType: 'parallel_run', subjectId: run.id }),
  sign: ({ tx, actor, at }, input, { run, roles }) => {
    const fingerprint = reportFingerprint(run.lines, run.totals);
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
