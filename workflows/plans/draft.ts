import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn, Tx } from '~/db/client';
import { type plans, planVersions, workflowInstances } from '~/db/schema';
import { validatePlan } from '~/engine';
import { emitAudit } from '../audit';
import type { AuditAction } from '../audit-catalogue';
import { DomainError } from '../errors';
import { type PlanVersionState, planApproval, planVersionStateLabels } from '../machines/plan-approval';
import type { Actor } from '../policy/roles';
import { applyEvent, createInstance } from '../runtime';
import { casesOnPlan, markCasesStale } from '../testing/stale';

/**
 * The draft of a plan version: how a new one starts (an upload, or "new version from this one") and how
 * its content is replaced (an upload onto the draft, or a save from the browser editor). One plan has at
 * most one version under way (docs/decisions/0011-plan-approval.md); these steps are shared by the
 * commands that make and change drafts.
 */

type PlanRow = typeof plans.$inferSelect;
type VersionRow = typeof planVersions.$inferSelect;

/** The content fingerprint of a plan document: the SHA-256 of its text, as stored. */
export const documentHashOf = (document: string) => createHash('sha256').update(document).digest('hex');

/** A plan document refused by the engine's schema (or by a rule of the draft): every problem with its path. */
export class PlanRefused extends DomainError {
  constructor(problems: { path: string; message: string }[]) {
    super('invalid', `The plan was not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`, {}, problems);
  }
}

/** The largest plan document accepted. */
export const maxPlanChars = 1_000_000;

/** A plan document's text as a form or a caller sends it. */
export const planDocumentText = () =>
  z.string().min(1, 'Choose a plan file or paste the plan JSON.').max(maxPlanChars, 'A plan document is at most 1,000,000 characters.');

/** The document read as JSON and checked by the engine's schema, or refused with every problem by its path. */
export function checkedPlan(document: string) {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch (e) {
    throw new PlanRefused([{ path: '(document)', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const checked = validatePlan(json);
  if (!checked.ok) throw new PlanRefused(checked.errors);
  return checked.value;
}

/** States of a version on its way to being published; with a draft, a version "under way". */
export const openStates: readonly string[] = ['validating', 'inApproval', 'approved'];

/** The plan's latest version and the state of its approval (null for a version from before approvals). */
export function latestVersionOf(conn: Conn, planId: number): { version: VersionRow; state: string | null } | null {
  const version = conn.select().from(planVersions).where(eq(planVersions.planId, planId)).orderBy(desc(planVersions.number)).limit(1).get();
  if (!version) return null;
  const instance = version.instanceId ? conn.select().from(workflowInstances).where(eq(workflowInstances.id, version.instanceId)).get() : undefined;
  return { version, state: instance ? String(instance.stateValue) : null };
}

/**
 * The version of the plan under way (a draft, or one validating, in approval or approved and not yet
 * published), in words: null when none is, and another version may start.
 */
export function versionUnderWay(conn: Conn, planId: number): { number: number; state: string; label: string } | null {
  const latest = latestVersionOf(conn, planId);
  if (!latest?.state || (latest.state !== 'draft' && !openStates.includes(latest.state))) return null;
  const label = latest.state === 'draft' ? 'a draft' : planVersionStateLabels[latest.state as PlanVersionState].toLowerCase();
  return { number: latest.version.number, state: latest.state, label };
}

/** Starts the next version of a plan as a draft authored by `actor`, with its approval instance, audited. */
export function createDraftVersion(
  tx: Tx,
  opts: {
    plan: PlanRow;
    number: number;
    document: string;
    documentHash: string;
    note: string;
    actor: Actor;
    at: Date;
    audit: { action: AuditAction; detail: string };
  },
) {
  const { plan, number } = opts;
  const instance = createInstance(tx, planApproval, {
    input: { planKey: plan.planKey, number, authorId: opts.actor.id, fingerprint: opts.documentHash },
    subjectType: 'plan_version',
    subjectId: null,
    projectId: plan.projectId,
    at: opts.at,
  });
  const version = tx
    .insert(planVersions)
    .values({
      planId: plan.id,
      number,
      document: opts.document,
      documentHash: opts.documentHash,
      note: opts.note,
      createdBy: opts.actor.id,
      createdAt: opts.at.toISOString(),
      instanceId: instance.id,
    })
    .returning()
    .get();
  emitAudit(tx, {
    at: opts.at,
    actor: opts.actor,
    projectId: plan.projectId,
    action: opts.audit.action,
    subjectType: 'plan',
    subjectId: `${plan.planKey} v${version.number}`,
    after: { version: version.number, documentHash: version.documentHash, note: version.note, state: 'draft' },
    detail: opts.audit.detail,
  });
  return version;
}

/**
 * Replaces a draft's content (an upload onto the draft, or a save from the editor): an `EDIT` event
 * makes the person one of its editors (who may not approve it) and records the new fingerprint, and the
 * validation runs on the draft no longer count (they ran on the old content).
 */
export function replaceDraft(
  tx: Tx,
  opts: {
    plan: PlanRow;
    draft: VersionRow;
    document: string;
    documentHash: string;
    note: string;
    actor: Actor;
    at: Date;
    /** How the content was replaced, for the audit row ("replaced by an upload", "edited in the browser"). */
    how: string;
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
      detail: `${name} ${opts.how}${opts.note ? `: ${opts.note}` : ''}.`,
    },
  });
  markCasesStale(tx, {
    caseIds: casesOnPlan(tx, plan.id),
    reason: `${name} changed after this run.`,
    actor: opts.actor,
    at: opts.at,
    onlyPlanVersionId: draft.id,
  });
  return tx.select().from(planVersions).where(eq(planVersions.id, draft.id)).get()!;
}
