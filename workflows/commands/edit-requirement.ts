import { eq, inArray, or } from 'drizzle-orm';
import { requirementLinks, requirements, requirementVersions } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { conflict, invalid, refused } from '../errors';
import { id, shownFingerprint } from '../input';
import { requirementSignoff } from '../machines/requirement-signoff';
import { fingerprintOf, type RequirementContent, requirementContentSchema } from '../requirements/content';
import { checkContentInProject } from '../requirements/insert';
import { applySignoffEvent, loadRequirementFor } from '../requirements/load';
import { createInstance } from '../runtime';
import { casesVerifying, markCasesStale } from '../testing/stale';

const contentOf = (v: typeof requirementVersions.$inferSelect): RequirementContent => ({
  title: v.title,
  description: v.description,
  category: v.category,
  priority: v.priority,
  ownerId: v.ownerId,
  phaseKey: v.phaseKey,
  acceptanceCriteria: v.acceptanceCriteria,
  examples: v.examples,
});

export const editRequirementInput = requirementContentSchema.extend({
  requirementId: id(),
  /** The project of the URL the request came under: a requirement of another project is not found there. */
  projectId: id(),
  /**
   * The fingerprint the editor started from (required: an edit that does not say what it changed could
   * overwrite someone else's): if the requirement changed since, nothing is overwritten.
   */
  baseFingerprint: shownFingerprint(),
});

/**
 * Edits a requirement. A draft is changed in place by its author. A signed-off version is never
 * changed: a new version is made in draft (the old one and its signatures stay, marked superseded), and
 * the requirements linked to it become suspect until someone reviews them.
 */
export const editRequirement = defineCommand({
  input: editRequirementInput,
  handle: ({ tx, actor, at }, { requirementId, projectId, baseFingerprint, ...content }) => {
    const iso = at.toISOString();
    const loaded = loadRequirementFor(tx, actor, requirementId, 'requirement.write', projectId);
    const { requirement, version, state } = loaded;
    if (baseFingerprint !== version.fingerprint)
      throw conflict(
        `${requirement.key} was changed by someone else since you opened it (it is now version ${version.number}). Reload it and make your change again.`,
      );
    const problems = checkContentInProject(tx, requirement.projectId, content);
    if (Object.keys(problems).length > 0) throw invalid('Check the highlighted fields.', problems);
    const fingerprint = fingerprintOf(content);
    if (fingerprint === version.fingerprint) throw invalid('Nothing changed: the content is the same as this version.');
    const before = contentOf(version);

    if (state === 'draft') {
      applySignoffEvent(tx, loaded, {
        event: { type: 'EDIT', actor: { id: actor.id, roles: loaded.roles }, at: iso, fingerprint },
        actor: actor,
        at,
        action: 'requirement.edited',
        detail: `${requirement.key} v${version.number} edited in draft.`,
        before: { content: before, fingerprint: version.fingerprint },
        after: { content, fingerprint },
      });
      tx.update(requirementVersions)
        .set({ ...content, fingerprint, updatedAt: iso })
        .where(eq(requirementVersions.id, version.id))
        .run();
      return { versionNumber: version.number, newVersion: false };
    }
    if (state !== 'signedOff')
      throw refused(
        state === 'inReview' ? 'This version is in review: withdraw it from review before editing.' : 'A retired or superseded requirement cannot be edited.',
      );

    // Signed off: supersede it and start the next version, authored by whoever made the change.
    applySignoffEvent(tx, loaded, {
      event: { type: 'SUPERSEDE', actor: { id: actor.id, roles: loaded.roles }, at: iso },
      actor: actor,
      at,
      action: 'requirement.superseded',
      detail: `${requirement.key} v${version.number} superseded by v${version.number + 1}.`,
    });
    const instance = createInstance(tx, requirementSignoff, {
      input: { authorId: actor.id, fingerprint },
      subjectType: 'requirement',
      subjectId: requirement.id,
      projectId: requirement.projectId,
      at,
    });
    const next = tx
      .insert(requirementVersions)
      .values({
        requirementId: requirement.id,
        number: version.number + 1,
        ...content,
        fingerprint,
        authorId: actor.id,
        instanceId: instance.id,
        createdAt: iso,
        updatedAt: iso,
      })
      .returning()
      .get();
    tx.update(requirements).set({ currentVersionId: next.id }).where(eq(requirements.id, requirement.id)).run();

    const linked = tx
      .select()
      .from(requirementLinks)
      .where(or(eq(requirementLinks.fromId, requirement.id), eq(requirementLinks.toId, requirement.id)))
      .all()
      .map((l) => (l.fromId === requirement.id ? l.toId : l.fromId));
    const reason = `${requirement.key} changed to version ${next.number} on ${iso.slice(0, 10)}.`;
    if (linked.length > 0) tx.update(requirements).set({ suspectSince: iso, suspectReason: reason }).where(inArray(requirements.id, linked)).run();
    // Test results that verified the old version no longer count.
    markCasesStale(tx, { caseIds: casesVerifying(tx, requirement.id), reason, actor: actor, at });
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: requirement.projectId,
      action: 'requirement.new_version',
      subjectType: 'requirement',
      subjectId: `${requirement.key} v${next.number}`,
      fromState: 'signedOff',
      toState: 'draft',
      before: { version: version.number, content: before, fingerprint: version.fingerprint },
      after: { version: next.number, content, fingerprint, suspectLinked: linked },
    });
    return { versionNumber: next.number, newVersion: true };
  },
});
