import { eq } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { parallelRuns } from '~/db/schema';
import type { AuditAction } from '../audit-catalogue';
import { notFound } from '../errors';
import type { SignoffEvent } from '../machines/requirement-signoff';
import { requirementSignoff } from '../machines/requirement-signoff';
import type { Actor, ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent } from '../runtime';

export function loadParallelRunFor(tx: Tx, actor: Actor, runId: number, permission: ProjectPermission) {
  const run = tx.select().from(parallelRuns).where(eq(parallelRuns.id, runId)).get();
  if (!run) throw notFound('No such parallel run.');
  const { roles } = requireProjectPermission(tx, actor, run.projectId, permission);
  return { run, roles };
}

/** The variance report is signed off with the requirement sign-off machine: same rules, same audit. */
export function applyReportEvent(
  tx: Tx,
  run: typeof parallelRuns.$inferSelect,
  opts: { event: SignoffEvent; actor: Actor; at: Date; action: AuditAction; detail: string },
) {
  return applyEvent(tx, requirementSignoff, {
    instanceId: run.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    audit: { action: opts.action, subjectType: 'parallel_run', subjectId: run.id, detail: opts.detail },
  });
}
