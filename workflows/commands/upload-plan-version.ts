import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '~/db/client';
import { plans, planVersions, workflowInstances } from '~/db/schema';
import { validatePlan } from '~/engine';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { DomainError } from '../errors';
import { id, text } from '../input';
import { type PlanVersionState, planApproval, planVersionStateLabels } from '../machines/plan-approval';
import type { Actor } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent, createInstance } from '../runtime';
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
 * Adds a plan, or a new version of it (matched by the plan id inside the document), as a draft: a new
 * version is never in effect by being uploaded. It goes through validation and the plan's approval
 * route, and applies from the date it is published (docs/decisions/0011-plan-approval.md). A plan has
 * at most one version under way at a time.
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
    const latest = tx.select().from(planVersions).where(eq(planVersions.planId, plan.id)).orderBy(desc(planVersions.number)).limit(1).get();
    if (latest?.documentHash === documentHash) throw new PlanRefused([{ path: '(document)', message: `identical to version ${latest.number}` }]);
    const open = latest?.instanceId ? tx.select().from(workflowInstances).where(eq(workflowInstances.id, latest.instanceId)).get() : undefined;
    const openState = open ? String(open.stateValue) : null;
    if (latest && openState && openStates.includes(openState))
      throw new PlanRefused([
        {
          path: '(document)',
          message: `${compiled.id} version ${latest.number} is ${planVersionStateLabels[openState as PlanVersionState].toLowerCase()}: withdraw it before uploading another version`,
        },
      ]);
    if (latest && openState === 'draft') return replaceDraft(tx, { plan, draft: latest, document: input.document, documentHash, note: input.note, actor, at });
    const number = (latest?.number ?? 0) + 1;
    const instance = createInstance(tx, planApproval, {
      input: { planKey: compiled.id, number, authorId: actor.id, fingerprint: documentHash },
      subjectType: 'plan_version',
      subjectId: null,
      projectId: input.projectId,
      at,
    });
    const version = tx
      .insert(planVersions)
      .values({
        planId: plan.id,
        number,
        document: input.document,
        documentHash,
        note: input.note,
        createdBy: actor.id,
        createdAt: iso,
        instanceId: instance.id,
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: input.projectId,
      action: latest ? 'plan.new_version' : 'plan.created',
      subjectType: 'plan',
      subjectId: `${compiled.id} v${version.number}`,
      after: { version: version.number, documentHash, note: version.note, state: 'draft' },
      detail: `${compiled.id} v${version.number} uploaded as a draft${input.note ? `: ${input.note}` : ''}.`,
    });
    return { plan, version };
  },
});

/** Versions on their way to being published: an upload waits until they are withdrawn (or published). */
const openStates: string[] = ['validating', 'inApproval', 'approved'];

/**
 * An upload onto a draft replaces the draft's content: the uploader becomes one of its editors (who may
 * not approve it), and its validation runs no longer count (they ran on the old content).
 */
function replaceDraft(
  tx: Tx,
  opts: {
    plan: typeof plans.$inferSelect;
    draft: typeof planVersions.$inferSelect;
    document: string;
    documentHash: string;
    note: string;
    actor: Actor;
    at: Date;
  },
) {
  const { plan, draft } = opts;
  const name = `${plan.planKey} v${draft.number}`;
  tx.update(planVersions)
    .set({ document: opts.document, documentHash: opts.documentHash, note: opts.note || draft.note })
    .where(eq(planVersions.id, draft.id))
    .run();
  applyEvent(tx, planApproval, {
    instanceId: draft.instanceId!,
    event: { type: 'EDIT', actor: { id: opts.actor.id, roles: [] }, at: opts.at.toISOString(), fingerprint: opts.documentHash },
    actor: opts.actor,
    at: opts.at,
    audit: {
      action: 'plan.draft_edited',
      subjectType: 'plan',
      subjectId: name,
      before: { documentHash: draft.documentHash },
      after: { documentHash: opts.documentHash },
      detail: `${name} replaced by an upload${opts.note ? `: ${opts.note}` : ''}.`,
    },
  });
  markCasesStale(tx, {
    caseIds: casesOnPlan(tx, plan.id),
    reason: `${name} changed after this run.`,
    actor: opts.actor,
    at: opts.at,
    onlyPlanVersionId: draft.id,
  });
  return { plan, version: tx.select().from(planVersions).where(eq(planVersions.id, draft.id)).get()! };
}
