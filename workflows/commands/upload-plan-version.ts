import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { plans, planVersions } from '~/db/schema';
import { validatePlan } from '~/engine';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { DomainError } from '../errors';
import { id, text } from '../input';
import { requireProjectPermission } from '../project-access';
import { casesOnPlan, markCasesStale } from '../testing/stale';

/** The largest plan document accepted. */
export const maxPlanChars = 1_000_000;

/** A plan document refused by the engine's schema: every problem with its path. */
export class PlanRefused extends DomainError {
  constructor(problems: { path: string; message: string }[]) {
    super('invalid', `The plan was not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`, {}, problems);
  }
}

/**
 * Adds a plan, or a new version of it (matched by the plan id inside the document). The previous
 * version is superseded and the latest results of cases on the plan become stale.
 */
export const uploadPlanVersionInput = z.object({
  projectId: id(),
  document: z.string().min(1, 'Choose a plan file or paste the plan JSON.').max(maxPlanChars, 'A plan document is at most 1,000,000 characters.'),
  note: text({ max: 2000 }).default(''),
});

export const uploadPlanVersion = defineCommand({
  input: uploadPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    requireProjectPermission(tx, actor, input.projectId, 'plan.write');
    let json: unknown;
    try {
      json = JSON.parse(input.document);
    } catch (e) {
      throw new PlanRefused([{ path: '(document)', message: `not valid JSON: ${(e as Error).message}` }]);
    }
    const checked = validatePlan(json);
    if (!checked.ok) throw new PlanRefused(checked.errors);
    const compiled = checked.value;
    const iso = at.toISOString();
    const documentHash = createHash('sha256').update(input.document).digest('hex');
    let plan = tx
      .select()
      .from(plans)
      .where(and(eq(plans.projectId, input.projectId), eq(plans.planKey, compiled.id)))
      .get();
    plan ??= tx.insert(plans).values({ projectId: input.projectId, planKey: compiled.id, name: compiled.name, createdAt: iso }).returning().get();
    const previous = plan.currentVersionId ? tx.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get() : undefined;
    if (previous?.documentHash === documentHash) throw new PlanRefused([{ path: '(document)', message: 'identical to the current version' }]);
    const version = tx
      .insert(planVersions)
      .values({
        planId: plan.id,
        number: (previous?.number ?? 0) + 1,
        document: input.document,
        documentHash,
        note: input.note,
        createdBy: actor.id,
        createdAt: iso,
      })
      .returning()
      .get();
    tx.update(plans).set({ currentVersionId: version.id, name: compiled.name }).where(eq(plans.id, plan.id)).run();
    let stale = 0;
    if (previous) {
      tx.update(planVersions).set({ supersededAt: iso }).where(eq(planVersions.id, previous.id)).run();
      stale = markCasesStale(tx, {
        caseIds: casesOnPlan(tx, plan.id),
        reason: `Plan ${compiled.id} version ${previous.number} was superseded by version ${version.number}.`,
        actor: actor,
        at,
      });
    }
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: input.projectId,
      action: previous ? 'plan.new_version' : 'plan.created',
      subjectType: 'plan',
      subjectId: `${compiled.id} v${version.number}`,
      before: previous ? { version: previous.number, documentHash: previous.documentHash } : undefined,
      after: { version: version.number, documentHash, note: version.note, staleResults: stale },
    });
    return { plan: { ...plan, currentVersionId: version.id }, version, staleResults: stale };
  },
});
