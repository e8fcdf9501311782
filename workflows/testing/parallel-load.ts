import { eq } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { parallelRuns, workflowInstances } from '~/db/schema';
import type { AuditAction } from '../audit-catalogue';
import type { SignoffEvent } from '../machines/requirement-signoff';
import { requirementSignoff } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import type { Actor, ProjectPermission } from '../policy/roles';
import { inProject, requireProjectPermission } from '../project-access';
import { applyEvent } from '../runtime';
import { reportFingerprint } from './variance';

/** A run without its files and its whole report (a run can hold 150,000 lines): what its commands need. */
const runColumns = {
  id: parallelRuns.id,
  projectId: parallelRuns.projectId,
  name: parallelRuns.name,
  period: parallelRuns.period,
  planVersionId: parallelRuns.planVersionId,
  threshold: parallelRuns.threshold,
  totals: parallelRuns.totals,
  instanceId: parallelRuns.instanceId,
  createdBy: parallelRuns.createdBy,
  createdAt: parallelRuns.createdAt,
};
export type LoadedRun = { [K in keyof typeof runColumns]: (typeof parallelRuns.$inferSelect)[K] };

/** A parallel run of the project given (else not found), its sign-off instance, and the person's roles if they hold `permission`. */
export function loadParallelRunFor(tx: Tx, actor: Actor, ref: { runId: number; projectId: number }, permission: ProjectPermission) {
  const run: LoadedRun = inProject(
    tx.select(runColumns).from(parallelRuns).where(eq(parallelRuns.id, ref.runId)).get(),
    ref.projectId,
    'No such parallel run in this project.',
  );
  const { roles } = requireProjectPermission(tx, actor, run.projectId, permission);
  const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, run.instanceId)).get()!;
  return { run, roles, instance };
}

/** The fingerprint of a run's report as stored (its lines and totals): the whole report is read only to submit or sign it. */
export function storedReportFingerprint(tx: Tx, run: Pick<LoadedRun, 'id' | 'totals'>): string {
  const { lines } = tx.select({ lines: parallelRuns.lines }).from(parallelRuns).where(eq(parallelRuns.id, run.id)).get()!;
  return reportFingerprint(lines, run.totals);
}

/** The variance report is signed off with the requirement sign-off machine: same rules, same audit. */
export function applyReportEvent(
  tx: Tx,
  run: Pick<LoadedRun, 'id' | 'instanceId' | 'projectId'>,
  opts: { event: SignoffEvent; actor: Actor; at: Date; action: AuditAction; detail: string },
) {
  // Whoever acts on the report has answered what their notices about it asked.
  settleNotices(tx, opts.actor.id, itemLinks.parallelRun(run.projectId, run.id), opts.at);
  return applyEvent(tx, requirementSignoff, {
    instanceId: run.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    audit: { action: opts.action, subjectType: 'parallel_run', subjectId: run.id, detail: opts.detail },
  });
}
