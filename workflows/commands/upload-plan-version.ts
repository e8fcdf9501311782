import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { plans } from '~/db/schema';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { type PlanVersionState, planVersionStateLabels } from '../machines/plan-approval';
import { checkedPlan, createDraftVersion, documentHashOf, latestVersionOf, openStates, PlanRefused, planDocumentText, replaceDraft } from '../plans/draft';
import { requireProjectPermission } from '../project-access';

export { maxPlanChars, PlanRefused } from '../plans/draft';

/**
 * Adds a plan, or a new version of it (matched by the plan id inside the document), as a draft: a new
 * version is never in effect by being uploaded. It goes through validation and the plan's approval
 * route, and applies from the date it is published (docs/decisions/0011-plan-approval.md). A plan has
 * at most one version under way at a time.
 */
export const uploadPlanVersionInput = z.object({
  projectId: id(),
  document: planDocumentText(),
  note: text({ max: 2000 }).default(''),
});

export const uploadPlanVersion = defineCommand({
  input: uploadPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    requireProjectPermission(tx, actor, input.projectId, 'plan.write');
    const compiled = checkedPlan(input.document);
    const documentHash = documentHashOf(input.document);
    let plan = tx
      .select()
      .from(plans)
      .where(and(eq(plans.projectId, input.projectId), eq(plans.planKey, compiled.id)))
      .get();
    plan ??= tx.insert(plans).values({ projectId: input.projectId, planKey: compiled.id, name: compiled.name, createdAt: at.toISOString() }).returning().get();
    const latestOf = latestVersionOf(tx, plan.id);
    const latest = latestOf?.version;
    if (latest?.documentHash === documentHash) throw new PlanRefused([{ path: '(document)', message: `identical to version ${latest.number}` }]);
    const openState = latestOf?.state ?? null;
    if (latest && openState && openStates.includes(openState))
      throw new PlanRefused([
        {
          path: '(document)',
          message: `${compiled.id} version ${latest.number} is ${planVersionStateLabels[openState as PlanVersionState].toLowerCase()}: withdraw it before uploading another version`,
        },
      ]);
    if (latest && openState === 'draft')
      return {
        plan,
        version: replaceDraft(tx, { plan, draft: latest, document: input.document, documentHash, note: input.note, actor, at, how: 'replaced by an upload' }),
      };
    const number = (latest?.number ?? 0) + 1;
    const version = createDraftVersion(tx, {
      plan,
      number,
      document: input.document,
      documentHash,
      note: input.note,
      actor,
      at,
      audit: {
        action: latest ? 'plan.new_version' : 'plan.created',
        detail: `${compiled.id} v${number} uploaded as a draft${input.note ? `: ${input.note}` : ''}.`,
      },
    });
    return { plan, version };
  },
});
