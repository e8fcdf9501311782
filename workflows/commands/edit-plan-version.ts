import { z } from 'zod';
import { defineCommand } from '../command';
import { conflict, refused } from '../errors';
import { shownFingerprint, text } from '../input';
import { type PlanVersionState, planVersionStateLabels } from '../machines/plan-approval';
import { checkedPlan, documentHashOf, PlanRefused, planDocumentText, replaceDraft } from '../plans/draft';
import { loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';

export const editPlanVersionInput = z.object({
  ...planVersionRef,
  /** The whole document as it is to be saved (the editor's fields applied, or the JSON view). */
  document: planDocumentText(),
  /**
   * The fingerprint of the draft the editor was rendered from (required): if someone saved the draft
   * since, nothing is overwritten.
   */
  baseFingerprint: shownFingerprint(),
  note: text({ max: 2000 }).default(''),
});

/**
 * Saves a draft plan version edited in the browser: its document is replaced (the person becomes one of
 * its editors, who may not approve it, and its validation runs become stale), as an upload onto the
 * draft does. Only a draft is edited; a draft saved by someone else since the editor opened is not
 * overwritten (409); a document the engine's schema refuses is not saved, with every problem by path.
 * A save that changes nothing writes nothing.
 */
export const editPlanVersion = defineCommand({
  input: editPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    const loaded = loadPlanVersionFor(tx, actor, input, 'plan.write');
    const name = versionName(loaded);
    if (loaded.state !== 'draft')
      throw refused(
        `${name} is ${planVersionStateLabels[loaded.state as PlanVersionState]?.toLowerCase() ?? loaded.state}: only a draft is edited. Start a new version from it, or withdraw it first.`,
      );
    if (input.baseFingerprint !== loaded.version.documentHash)
      throw conflict(
        `${name} was saved by someone else since you opened the editor: nothing was overwritten. Reload to see their changes, then make yours again.`,
      );
    const compiled = checkedPlan(input.document);
    if (compiled.id !== loaded.plan.planKey)
      throw new PlanRefused([{ path: 'id', message: `must stay "${loaded.plan.planKey}": a version belongs to its plan (upload a new plan instead)` }]);
    const documentHash = documentHashOf(input.document);
    if (documentHash === loaded.version.documentHash) return { changed: false as const, version: loaded.version };
    const version = replaceDraft(tx, {
      plan: loaded.plan,
      draft: loaded.version,
      document: input.document,
      documentHash,
      note: input.note,
      actor,
      at,
      how: 'edited in the browser',
    });
    return { changed: true as const, version };
  },
});
