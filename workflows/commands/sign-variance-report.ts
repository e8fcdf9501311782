import { signatures } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { signatureMeanings } from '../machines/requirement-signoff';
import { signerPasswordMatches } from '../passwords';
import { requireStakeholders } from '../requirements/load';
import { applyReportEvent, loadParallelRunFor } from '../testing/parallel-load';
import { type CommandContext, immediate } from './context';
import { reportFingerprint } from './create-parallel-run';

/** Its author sends the variance report to stakeholders for sign-off. */
export function submitVarianceReport(ctx: CommandContext, input: { runId: number; signerIds: number[] }) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const { run, roles } = loadParallelRunFor(tx, ctx.actor, input.runId, 'test.write');
    requireStakeholders(tx, run.projectId, input.signerIds);
    return applyReportEvent(tx, run, {
      event: { type: 'SUBMIT', actor: { id: ctx.actor.id, roles }, at: at.toISOString(), signers: input.signerIds, fingerprint: reportFingerprint(run.lines, run.totals) },
      actor: ctx.actor,
      at,
      action: 'parallel.report_submitted',
      detail: `${run.name} submitted for sign-off.`,
    });
  }, immediate);
}

/** A named stakeholder signs the variance report (password re-entered; wrong password audited). */
export async function signVarianceReport(ctx: CommandContext, input: { runId: number; password: string; meaning: string }) {
  if (!(signatureMeanings as readonly string[]).includes(input.meaning)) throw invalid('Check the highlighted fields.', { meaning: 'Choose the meaning of your signature.' });
  const passwordOk = await signerPasswordMatches(ctx.db, ctx.actor.id, input.password);
  const at = nowOf(ctx.now);
  const outcome = ctx.db.transaction((tx) => {
    const { run, roles } = loadParallelRunFor(tx, ctx.actor, input.runId, 'requirement.sign');
    if (!passwordOk) {
      emitAudit(tx, { at, actor: ctx.actor, projectId: run.projectId, action: 'parallel.signature_refused', subjectType: 'parallel run', subjectId: run.id, detail: 'Wrong password at signing.' });
      return null;
    }
    const fingerprint = reportFingerprint(run.lines, run.totals);
    const applied = applyReportEvent(tx, run, {
      event: { type: 'SIGN', actor: { id: ctx.actor.id, roles }, at: at.toISOString(), meaning: input.meaning, fingerprint },
      actor: ctx.actor,
      at,
      action: 'parallel.report_signed',
      detail: `Signed ${run.name}: ${input.meaning}`,
    });
    tx.insert(signatures).values({ instanceId: run.instanceId, eventId: applied.eventId, userId: ctx.actor.id, meaning: input.meaning, fingerprint, at: at.toISOString() }).run();
    return applied;
  }, immediate);
  if (!outcome) throw invalid('Your password was not accepted, so nothing was signed.', { password: 'Wrong password.' });
  return outcome;
}
