import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Decimal } from '~/engine';
import { type VarianceLine, parallelRuns, planVersions, plans } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { requirementSignoff } from '../machines/requirement-signoff';
import { requireProjectPermission } from '../project-access';
import { createInstance } from '../runtime';
import { type PayoutDataset, runEngine } from '../testing/engine-run';
import { parseExpectedCsv } from '../testing/expected';
import { type CommandContext, immediate } from './context';
import { CaseRefused } from './create-payout-case';

/** The fingerprint a variance report's signatures name: its lines and totals. */
export const reportFingerprint = (lines: VarianceLine[], totals: object) =>
  createHash('sha256').update(JSON.stringify([lines, totals])).digest('hex');

/**
 * Imports the legacy system's payouts for a period (`participant_id,component_id,amount`), computes
 * the same period with the plan's current version on the same inputs, and stores the variance per
 * participant and component with totals. A file with bad rows is refused whole, every row by line.
 */
export function createParallelRun(
  ctx: CommandContext,
  input: PayoutDataset & { projectId: number; name: string; planId: number; legacyCsv: string; threshold?: string },
) {
  const at = nowOf(ctx.now);
  const legacy = parseExpectedCsv(input.legacyCsv);
  const problems = legacy.ok ? [] : legacy.problems.map((p) => ({ ...p, file: 'legacy payouts' }));
  const threshold = (input.threshold ?? '1.00').trim();
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(threshold)) throw invalid('Check the highlighted fields.', { threshold: 'The threshold is a non-negative amount.' });
  return ctx.db.transaction((tx) => {
    requireProjectPermission(tx, ctx.actor, input.projectId, 'test.write');
    if (input.name.trim().length < 3) throw invalid('Check the highlighted fields.', { name: 'Name the parallel run.' });
    const plan = tx.select().from(plans).where(and(eq(plans.id, input.planId), eq(plans.projectId, input.projectId))).get();
    if (!plan?.currentVersionId) throw invalid('Check the highlighted fields.', { planId: 'Choose a plan of this project.' });
    const version = tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get()!;
    const outcome = runEngine(version.document, input);
    if (!outcome.ok) problems.push(...outcome.problems);
    if (problems.length || !legacy.ok || !outcome.ok) throw new CaseRefused(problems);

    const key = (p: string, c: string) => `${p}\u0000${c}`;
    const computed = new Map<string, InstanceType<typeof Decimal>>();
    for (const l of outcome.lines) computed.set(key(l.participantId, l.componentId), (computed.get(key(l.participantId, l.componentId)) ?? new Decimal(0)).plus(l.amount));
    const legacyByKey = new Map(legacy.lines.map((l) => [key(l.participantId, l.componentId), new Decimal(l.amount)]));
    const keys = [...new Set([...computed.keys(), ...legacyByKey.keys()])].sort();
    const lines: VarianceLine[] = keys.map((k) => {
      const [participantId, componentId] = k.split('\u0000') as [string, string];
      const c = computed.get(k) ?? new Decimal(0);
      const l = legacyByKey.get(k) ?? new Decimal(0);
      return { participantId, componentId, legacy: l.toFixed(2), computed: c.toFixed(2), variance: c.minus(l).toFixed(2) };
    });
    const sum = (f: (l: VarianceLine) => string) => lines.reduce((s, l) => s.plus(f(l)), new Decimal(0)).toFixed(2);
    const totals = { legacy: sum((l) => l.legacy), computed: sum((l) => l.computed), variance: sum((l) => l.variance) };
    const instance = createInstance(tx, requirementSignoff, {
      input: { authorId: ctx.actor.id, fingerprint: reportFingerprint(lines, totals) },
      subjectType: 'parallel run',
      subjectId: null,
      projectId: input.projectId,
      at,
    });
    const run = tx
      .insert(parallelRuns)
      .values({
        projectId: input.projectId,
        name: input.name.trim(),
        planVersionId: version.id,
        period: input.period,
        participantsCsv: input.participantsCsv,
        quotasCsv: input.quotasCsv,
        transactionsCsv: input.transactionsCsv,
        legacyCsv: input.legacyCsv,
        threshold,
        lines,
        totals,
        instanceId: instance.id,
        createdBy: ctx.actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: input.projectId,
      action: 'parallel.run_created',
      subjectType: 'parallel run',
      subjectId: run.id,
      after: { name: run.name, plan: `${plan.planKey} v${version.number}`, period: input.period, lines: lines.length, totals },
    });
    return run;
  }, immediate);
}
