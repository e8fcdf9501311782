import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { parallelRuns, plans, planVersions, type VarianceLine } from '~/db/schema';
import { Decimal } from '~/engine';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { amount, id, text } from '../input';
import { requirementSignoff } from '../machines/requirement-signoff';
import { requireProjectPermission } from '../project-access';
import { createInstance } from '../runtime';
import { runEngine } from '../testing/engine-run';
import { parseExpectedCsv } from '../testing/expected';
import { CaseRefused, csvFile, datasetFields } from '../testing/payout-case';
import { reportFingerprint } from '../testing/variance';
import { storeVarianceLines } from '../testing/variance-lines';

export const createParallelRunInput = z.object({
  ...datasetFields,
  projectId: id(),
  name: text({ max: 120, min: 3, message: 'Name the parallel run.' }),
  planId: id('Choose a plan of this project.'),
  legacyCsv: csvFile(),
  threshold: amount({ digits: 9, decimals: 6, message: 'The threshold is a non-negative amount.' }).default('1.00'),
});

/**
 * Imports the legacy system's payouts for a period (`participant_id,component_id,amount`), computes
 * the same period with the plan's current version on the same inputs, and stores the variance per
 * participant and component with totals. A file with bad rows is refused whole, every row by line.
 */
export const createParallelRun = defineCommand({
  input: createParallelRunInput,
  handle: ({ tx, actor, at }, input) => {
    const { threshold } = input;
    requireProjectPermission(tx, actor, input.projectId, 'test.write');
    const legacy = parseExpectedCsv(input.legacyCsv);
    const problems = legacy.ok ? [] : legacy.problems.map((p) => ({ ...p, file: 'legacy payouts' }));
    const plan = tx
      .select()
      .from(plans)
      .where(and(eq(plans.id, input.planId), eq(plans.projectId, input.projectId)))
      .get();
    if (!plan?.currentVersionId) throw invalid('Check the highlighted fields.', { planId: 'Choose a plan with a published version in effect.' });
    const version = tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get()!;
    const outcome = runEngine(version.document, input);
    if (!outcome.ok) problems.push(...outcome.problems);
    if (problems.length || !legacy.ok || !outcome.ok) throw new CaseRefused(problems);

    const key = (p: string, c: string) => `${p}\u0000${c}`;
    const computed = new Map<string, InstanceType<typeof Decimal>>();
    for (const l of outcome.lines)
      computed.set(key(l.participantId, l.componentId), (computed.get(key(l.participantId, l.componentId)) ?? new Decimal(0)).plus(l.amount));
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
      input: { authorId: actor.id, fingerprint: reportFingerprint(lines, totals) },
      subjectType: 'parallel_run',
      subjectId: null,
      projectId: input.projectId,
      at,
    });
    const run = tx
      .insert(parallelRuns)
      .values({
        projectId: input.projectId,
        name: input.name,
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
        createdBy: actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    storeVarianceLines(tx, run.id, lines);
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: input.projectId,
      action: 'parallel.run_created',
      subjectType: 'parallel_run',
      subjectId: run.id,
      after: { name: run.name, plan: `${plan.planKey} v${version.number}`, period: input.period, lines: lines.length, totals },
    });
    return run;
  },
});
