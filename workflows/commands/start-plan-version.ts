import { z } from 'zod';
import { defineCommand } from '../command';
import { refused } from '../errors';
import { createDraftVersion, latestVersionOf, versionUnderWay } from '../plans/draft';
import { loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';

export const startPlanVersionInput = z.object(planVersionRef);

/** The versions a new draft may be copied from: ones that went through their approval. */
export const copyableStates: readonly string[] = ['approved', 'published', 'superseded'];

/**
 * "New version from this one": starts the plan's next version as a draft whose document is a copy of
 * an approved, published or superseded version's, authored by the person who asked (who then edits
 * it). Refused while another version of the plan is under way (a plan has one at a time). The copy is
 * identical to its source by design, so the upload's "identical to version n" refusal does not apply.
 */
export const startPlanVersion = defineCommand({
  input: startPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    const source = loadPlanVersionFor(tx, actor, input, 'plan.write');
    const name = versionName(source);
    if (!copyableStates.includes(source.state))
      throw refused(`${name} is a ${source.state === 'draft' ? 'draft: edit it instead' : 'version under way: it is not approved yet'}.`);
    const open = versionUnderWay(tx, source.plan.id);
    if (open)
      throw refused(
        `${source.plan.planKey} version ${open.number} is ${open.label}: a plan has one version under way at a time; continue or withdraw that one first.`,
      );
    const number = (latestVersionOf(tx, source.plan.id)?.version.number ?? 0) + 1;
    const version = createDraftVersion(tx, {
      plan: source.plan,
      number,
      document: source.version.document,
      documentHash: source.version.documentHash,
      note: `From version ${source.version.number}`,
      actor,
      at,
      audit: { action: 'plan.version_started', detail: `${source.plan.planKey} v${number} started as a draft copy of v${source.version.number}.` },
    });
    return { plan: source.plan, version };
  },
});
