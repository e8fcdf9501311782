import { z } from 'zod';
import { defineCommand } from '../command';
import { id, list } from '../input';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';
import { requireStakeholders } from '../requirements/load';
import { applyReportEvent, loadParallelRunFor, storedReportFingerprint } from '../testing/parallel-load';
import { requireNothingUnexplained } from '../testing/variance-standing';

export const submitVarianceReportInput = z.object({
  runId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  signerIds: list(id('Choose signers from the list.')).pipe(z.array(z.number()).min(1, 'Choose at least one signer.').max(50)),
});

/** Its author sends the variance report to stakeholders for sign-off, once nothing in it is unexplained. */
export const submitVarianceReport = defineCommand({
  input: submitVarianceReportInput,
  handle: ({ tx, actor, at }, input) => {
    const { run, roles } = loadParallelRunFor(tx, actor, input, 'test.write');
    requireStakeholders(tx, run.projectId, input.signerIds);
    requireNothingUnexplained(tx, run, 'submitted');
    const applied = applyReportEvent(tx, run, {
      event: {
        type: 'SUBMIT',
        actor: { id: actor.id, roles },
        at: at.toISOString(),
        signers: input.signerIds,
        fingerprint: storedReportFingerprint(tx, run),
      },
      actor,
      at,
      action: 'parallel.report_submitted',
      detail: `${run.name} submitted for sign-off.`,
    });
    notify(tx, {
      userIds: input.signerIds,
      projectId: run.projectId,
      kind: 'signature.requested',
      title: `Sign the variance report of ${run.name}`,
      body: `${actor.name} asks you to sign the variance report of the parallel run ${run.name}.`,
      link: itemLinks.parallelRun(run.projectId, run.id),
      at,
    });
    return applied;
  },
});
