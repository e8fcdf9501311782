import Decimal from 'decimal.js';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import {
  type ProjectRole,
  requirements,
  requirementVersions,
  selectionCandidates,
  selectionCosts,
  selectionCriteria,
  selectionFits,
  selectionNeeds,
  selectionScores,
  selections,
  users,
  workflowInstances,
} from '~/db/schema';
import { sha256Hex } from '~/engine';
import type { AuditAction } from '../audit-catalogue';
import { forbidden, notFound, refused } from '../errors';
import { id } from '../input';
import { platformSelectionWorkflow, type SelectionActor, type SelectionEvent } from '../machines/platform-selection';
import { type Actor, mayOnProject, type ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent, contextOf } from '../runtime';

export const selectionRef = { projectId: id(), selectionId: id() };

export const selectionActorOf = (actor: Actor, roles: ProjectRole[]): SelectionActor => ({ id: actor.id, roles });

/**
 * The project, for someone who may read its selections. Whoever may not (a vendor representative, whose
 * firm may be a candidate) is told there is no such thing: 404, not 403, so a selection's existence does not leak.
 */
export function requireSelectionArea(conn: Conn, actor: Actor, projectId: number, permission: ProjectPermission = 'selection.view') {
  const access = requireProjectPermission(conn, actor, projectId, 'project.view');
  if (!mayOnProject(actor, access.roles, 'selection.view')) throw notFound('No such page in this project.');
  if (!mayOnProject(actor, access.roles, permission)) throw forbidden('Your role on this project does not allow this.');
  return access;
}

/** A selection with its workflow, under a project's URL. */
export function loadSelectionFor(conn: Conn, actor: Actor, ref: { projectId: number; selectionId: number }, permission: ProjectPermission = 'selection.view') {
  const access = requireSelectionArea(conn, actor, ref.projectId, permission);
  const row = conn
    .select({ selection: selections, instance: workflowInstances })
    .from(selections)
    .innerJoin(workflowInstances, eq(workflowInstances.id, selections.instanceId))
    .where(eq(selections.id, ref.selectionId))
    .get();
  if (!row || row.selection.projectId !== ref.projectId) throw notFound('No such platform selection in this project.');
  return {
    ...access,
    ...row,
    context: contextOf(platformSelectionWorkflow, row.instance),
    state: String(row.instance.stateValue),
    party: selectionActorOf(actor, access.roles),
  };
}
export type LoadedSelection = ReturnType<typeof loadSelectionFor>;

/** How a refused signature on a selection (the criteria lock or the decision) is audited. */
export const selectionSignatureRefused = (loaded: LoadedSelection) => ({
  projectId: loaded.selection.projectId,
  action: 'selection.signature_refused' as const,
  subjectType: 'selection' as const,
  subjectId: loaded.selection.key,
});

/** Needs, candidates, criteria and weights change only while the criteria are drafted. */
export function requireDrafted(loaded: Pick<LoadedSelection, 'state'>) {
  if (loaded.state !== 'criteriaDrafted') throw refused('The criteria are locked: needs, candidates, criteria and weights no longer change.');
}

export function applySelectionEvent(
  tx: Tx,
  loaded: Pick<LoadedSelection, 'selection'>,
  opts: { event: SelectionEvent; actor: Actor; at: Date; action: AuditAction; detail: string; after?: object; expectedVersion?: number },
) {
  return applyEvent(tx, platformSelectionWorkflow, {
    instanceId: loaded.selection.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    expectedVersion: opts.expectedVersion,
    audit: { action: opts.action, subjectType: 'selection', subjectId: loaded.selection.key, detail: opts.detail, after: opts.after },
  });
}

/** The next selection key of a project: SEL-001, SEL-002 ... */
export function nextSelectionKey(conn: Conn, projectId: number): string {
  const keys = conn.select({ key: selections.key }).from(selections).where(eq(selections.projectId, projectId)).all();
  const n = keys.reduce((max, { key }) => Math.max(max, Number(key.replace(/^SEL-/, '')) || 0), 0) + 1;
  return `SEL-${String(n).padStart(3, '0')}`;
}

/** Everything a selection holds besides its workflow: needs (with priority), candidates, criteria, fits, costs. */
export function selectionData(conn: Conn, selectionId: number) {
  const needs = conn
    .select({ id: requirements.id, key: requirements.key, title: requirementVersions.title, priority: requirementVersions.priority })
    .from(selectionNeeds)
    .innerJoin(requirements, eq(requirements.id, selectionNeeds.requirementId))
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .where(eq(selectionNeeds.selectionId, selectionId))
    .orderBy(asc(requirements.key))
    .all();
  const candidates = conn.select().from(selectionCandidates).where(eq(selectionCandidates.selectionId, selectionId)).orderBy(asc(selectionCandidates.id)).all();
  const criteria = conn.select().from(selectionCriteria).where(eq(selectionCriteria.selectionId, selectionId)).orderBy(asc(selectionCriteria.id)).all();
  const fits = conn.select().from(selectionFits).where(eq(selectionFits.selectionId, selectionId)).all();
  const costs = candidates.length
    ? conn
        .select()
        .from(selectionCosts)
        .where(
          inArray(
            selectionCosts.candidateId,
            candidates.map((c) => c.id),
          ),
        )
        .all()
    : [];
  return { needs, candidates, criteria, fits, costs };
}
export type SelectionData = ReturnType<typeof selectionData>;

/** The product first, its vendor in brackets: "Meridian Incentives (Meridian Software)", never the two run together. */
export const candidateName = (c: { vendorName: string; product: string }) => `${c.product} (${c.vendorName})`;

/** The sum of the weights, exactly, as a decimal string ("100", "99.5"). */
export const weightsTotal = (criteria: { weight: string }[]) => criteria.reduce((s, c) => s.plus(c.weight), new Decimal(0)).toString();

/** What keeps the criteria from being locked besides the weights' sum (the machine refuses the lock with these). */
export function setupProblems(data: SelectionData): string[] {
  const problems: string[] = [];
  if (data.candidates.length < 2) problems.push('Name at least two candidate platforms.');
  if (data.criteria.length === 0) problems.push('Add the criteria.');
  if (data.criteria.some((c) => c.derived) && !data.needs.some((n) => n.priority === 'must'))
    problems.push('A criterion derived from the needs needs at least one must-have requirement linked.');
  return problems;
}

/** What the sponsor signs at the lock: the needs, candidates, criteria and weights, and each candidate's fit. */
export function setupFingerprint(key: string, context: { sponsorId: number; evaluatorIds: number[] }, data: SelectionData) {
  return sha256Hex(
    JSON.stringify({
      key,
      sponsor: context.sponsorId,
      evaluators: context.evaluatorIds,
      needs: data.needs.map((n) => [n.id, n.priority]),
      candidates: data.candidates.map((c) => [c.id, c.vendorName, c.product, c.category]),
      criteria: data.criteria.map((c) => [c.id, c.group, c.name, c.weight, c.derived]),
      fits: [...data.fits].sort((a, b) => a.id - b.id).map((f) => [f.candidateId, f.requirementId, f.fit]),
    }),
  );
}

/** The submitted scores of this round (the sheets the results count). */
export function submittedScores(conn: Conn, selectionId: number, evaluatorIds: number[]) {
  if (evaluatorIds.length === 0) return [];
  return conn
    .select()
    .from(selectionScores)
    .where(and(eq(selectionScores.selectionId, selectionId), inArray(selectionScores.evaluatorId, evaluatorIds)))
    .orderBy(asc(selectionScores.id))
    .all();
}

/** What the sponsor signs at the decision: the round, the criteria, the candidates, every counted score and comment. */
export function resultsFingerprint(key: string, round: number, data: SelectionData, scores: (typeof selectionScores.$inferSelect)[]) {
  return sha256Hex(
    JSON.stringify({
      key,
      round,
      criteria: data.criteria.map((c) => [c.id, c.weight]),
      candidates: data.candidates.map((c) => c.id),
      costs: [...data.costs].sort((a, b) => a.id - b.id).map((c) => [c.candidateId, c.kind, c.year, c.amount]),
      scores: scores.map((s) => [s.evaluatorId, s.candidateId, s.criterionId, s.score, s.comment]),
    }),
  );
}

/** Cells of an evaluator's sheet still without a score or a comment (derived criteria are not scored by people). */
export function missingOnSheet(conn: Conn, selectionId: number, evaluatorId: number, data: SelectionData): number {
  const mine = conn
    .select()
    .from(selectionScores)
    .where(and(eq(selectionScores.selectionId, selectionId), eq(selectionScores.evaluatorId, evaluatorId)))
    .all();
  const scored = data.criteria.filter((c) => !c.derived);
  let missing = 0;
  for (const candidate of data.candidates)
    for (const criterion of scored) {
      const s = mine.find((x) => x.candidateId === candidate.id && x.criterionId === criterion.id);
      if (!s?.comment.trim()) missing++;
    }
  return missing;
}

/** Names of people by id. */
export function namesOf(conn: Conn, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  return new Map(
    conn
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, ids))
      .all()
      .map((u) => [u.id, u.name]),
  );
}

/** What the lock form sends now (the instance version and the set-up fingerprint), for seeds and tests that sign as a person would. */
export function selectionLockBasis(conn: Conn, selectionId: number) {
  const row = conn
    .select({ selection: selections, instance: workflowInstances })
    .from(selections)
    .innerJoin(workflowInstances, eq(workflowInstances.id, selections.instanceId))
    .where(eq(selections.id, selectionId))
    .get()!;
  const context = contextOf(platformSelectionWorkflow, row.instance);
  return { expectedVersion: row.instance.version, fingerprint: setupFingerprint(row.selection.key, context, selectionData(conn, selectionId)) };
}

/** What the decision form sends now (the instance version and the results fingerprint). */
export function selectionDecisionBasis(conn: Conn, selectionId: number) {
  const row = conn
    .select({ selection: selections, instance: workflowInstances })
    .from(selections)
    .innerJoin(workflowInstances, eq(workflowInstances.id, selections.instanceId))
    .where(eq(selections.id, selectionId))
    .get()!;
  const context = contextOf(platformSelectionWorkflow, row.instance);
  const scores = submittedScores(
    conn,
    selectionId,
    context.submitted.map((s) => s.evaluatorId),
  );
  return { expectedVersion: row.instance.version, fingerprint: resultsFingerprint(row.selection.key, context.round, selectionData(conn, selectionId), scores) };
}
