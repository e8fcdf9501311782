import { and, asc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { instanceHistory, projectMemberList } from '~/db/queries/projects';
import {
  type CostKind,
  type CriterionGroup,
  costKinds,
  criterionGroups,
  type FitLevel,
  fitLevels,
  requirements,
  requirementVersions,
  selectionScores,
  selections,
  signatures,
  users,
  workflowInstances,
} from '~/db/schema';
import { notFound } from '../errors';
import {
  mayReadScores,
  platformSelectionWorkflow,
  type SelectionEvent,
  type SelectionState,
  selectionEventsDone,
  selectionStateLabels,
} from '../machines/platform-selection';
import { functionOf } from '../members/functions';
import { functionInSentence, meaningsFor } from '../policy/functions';
import { type Actor, mayOnProject } from '../policy/roles';
import { availableEvents, contextOf } from '../runtime';
import {
  candidateName,
  loadSelectionFor,
  missingOnSheet,
  namesOf,
  requireSelectionArea,
  resultsFingerprint,
  selectionData,
  setupFingerprint,
  setupProblems,
  submittedScores,
  weightsTotal,
} from './access';
import { toFixed } from './rational';
import { fitPoints, selectionResults } from './results';

export const groupLabels: Record<CriterionGroup, string> = {
  functional: 'Functional fit',
  integration: 'Integration and technical fit',
  tco: 'Five-year total cost of ownership',
  viability: 'Vendor viability',
  usability: 'Usability from demonstrations',
  references: 'References',
};
export const fitLabels: Record<FitLevel, string> = { outOfBox: 'Out of the box', configured: 'Configured', custom: 'Custom', notMet: 'Not met' };
export const costLabels: Record<CostKind, string> = {
  licences: 'Licences',
  implementation: 'Implementation',
  internalStaff: 'Internal staff',
  support: 'Support',
};

const stateLabel = (state: unknown) => selectionStateLabels[String(state) as SelectionState] ?? String(state);
const project = (p: { id: number; name: string }) => ({ id: p.id, name: p.name });

/** The selections of a project, and who may be named sponsor and evaluators when the PM starts one. */
export function selectionsPage(conn: Conn, actor: Actor, projectId: number) {
  const { project: p, roles } = requireSelectionArea(conn, actor, projectId);
  const rows = conn
    .select({ selection: selections, instance: workflowInstances })
    .from(selections)
    .innerJoin(workflowInstances, eq(workflowInstances.id, selections.instanceId))
    .where(eq(selections.projectId, projectId))
    .orderBy(asc(selections.key))
    .all();
  const names = namesOf(
    conn,
    rows.map((r) => r.selection.sponsorId),
  );
  const mayCreate = mayOnProject(actor, roles, 'selection.manage');
  const members = mayCreate ? projectMemberList(conn, projectId).filter((m) => m.userId !== actor.id) : [];
  const unique = (list: typeof members) => [...new Map(list.map((m) => [m.userId, { id: m.userId, name: m.name, role: m.role }])).values()];
  return {
    project: project(p),
    selections: rows.map(({ selection, instance }) => {
      const c = contextOf(platformSelectionWorkflow, instance);
      const data = c.decision ? selectionData(conn, selection.id) : null;
      const chosen = data?.candidates.find((x) => x.id === c.decision?.candidateId);
      return {
        id: selection.id,
        key: selection.key,
        title: selection.title,
        state: String(instance.stateValue),
        stateLabel: stateLabel(instance.stateValue),
        sponsor: names.get(selection.sponsorId) ?? '',
        evaluators: c.evaluatorIds.length,
        submitted: c.submitted.length,
        decided: chosen ? candidateName(chosen) : null,
        startedOn: selection.createdAt.slice(0, 10),
      };
    }),
    mayCreate,
    sponsors: unique(members.filter((m) => m.role === 'stakeholder')),
    evaluators: unique(members.filter((m) => m.role === 'stakeholder' || m.role === 'analyst')),
  };
}

/** One selection: its set-up (editable while drafted), its workflow, and what this person may do now. */
export function selectionPage(conn: Conn, actor: Actor, ref: { projectId: number; selectionId: number }) {
  const loaded = loadSelectionFor(conn, actor, ref);
  const { selection, instance, context, state, roles, party } = loaded;
  const data = selectionData(conn, selection.id);
  const events = availableEvents(platformSelectionWorkflow, instance, party);
  const manages = mayOnProject(actor, roles, 'selection.manage');
  const drafted = state === 'criteriaDrafted';
  const names = namesOf(conn, [selection.sponsorId, selection.createdBy, ...context.evaluatorIds, ...context.voided.map((v) => v.by)]);
  const fn = events.has('LOCK') ? functionOf(conn, selection.projectId, actor.id) : null;
  const requirementOptions =
    manages && drafted
      ? conn
          .select({ id: requirements.id, key: requirements.key, title: requirementVersions.title, priority: requirementVersions.priority })
          .from(requirements)
          .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
          .where(eq(requirements.projectId, selection.projectId))
          .orderBy(asc(requirements.key))
          .all()
      : [];
  const signed = conn
    .select({ name: users.name, meaning: signatures.meaning, at: signatures.at, fingerprint: signatures.fingerprint })
    .from(signatures)
    .innerJoin(users, eq(users.id, signatures.userId))
    .where(eq(signatures.instanceId, selection.instanceId))
    .orderBy(asc(signatures.id))
    .all();
  const isEvaluator = context.evaluatorIds.includes(actor.id);
  return {
    project: project(loaded.project),
    selection: {
      id: selection.id,
      key: selection.key,
      title: selection.title,
      state,
      stateLabel: stateLabel(state),
      sponsor: names.get(selection.sponsorId) ?? '',
      manager: names.get(selection.createdBy) ?? '',
      round: context.round,
    },
    version: instance.version,
    needs: data.needs,
    candidates: data.candidates.map((c) => ({ ...c, name: candidateName(c) })),
    criteria: data.criteria.map((c) => ({ ...c, groupLabel: groupLabels[c.group] })),
    weightsTotal: weightsTotal(data.criteria),
    setupProblems: setupProblems(data),
    fits: data.fits.map((f) => ({ candidateId: f.candidateId, requirementId: f.requirementId, fit: f.fit })),
    costs: data.costs.map((c) => ({ candidateId: c.candidateId, kind: c.kind, year: c.year, amount: c.amount })),
    evaluators: context.evaluatorIds.map((id) => ({
      id,
      name: names.get(id) ?? '',
      submittedAt: context.submitted.find((s) => s.evaluatorId === id)?.at ?? null,
    })),
    lock: context.lock && { ...context.lock, by: names.get(context.lock.by) ?? '' },
    decision: context.decision && {
      ...context.decision,
      by: names.get(context.decision.by) ?? '',
      candidate: candidateName(data.candidates.find((c) => c.id === context.decision?.candidateId) ?? { vendorName: '?', product: '' }),
    },
    voided: context.voided.map((v) => ({ at: v.at, by: names.get(v.by) ?? '', reason: v.reason, hadDecision: !!v.decision })),
    signatures: signed,
    /** Editing the set-up: the PM while the criteria are drafted; costs until scoring is over. */
    mayEdit: manages && drafted,
    mayEditCosts: manages && (drafted || state === 'criteriaLocked' || state === 'scoring'),
    events: [...events],
    lockBasis: events.has('LOCK') ? setupFingerprint(selection.key, context, data) : null,
    meanings: events.has('LOCK') ? meaningsFor(fn) : [],
    yourFunction: fn ? functionInSentence(fn) : null,
    requirementOptions,
    isEvaluator,
    mayReadResults: mayReadScores(state, context, actor.id, 'others'),
    fitLevels: fitLevels.map((f) => ({ value: f, label: fitLabels[f], points: fitPoints[f] })),
    groups: criterionGroups.map((g) => ({ value: g, label: groupLabels[g] })),
    costKinds: costKinds.map((k) => ({ value: k, label: costLabels[k] })),
    history: instanceHistory(conn, instance.id).map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      did: selectionEventsDone[e.type as SelectionEvent['type']] ?? e.type,
      to: stateLabel(e.toState),
    })),
  };
}

/** The evaluator's own score sheet; anyone who is not a named evaluator finds no sheet here (404). */
export function scoreSheetPage(conn: Conn, actor: Actor, ref: { projectId: number; selectionId: number }) {
  const loaded = loadSelectionFor(conn, actor, ref);
  const { selection, context, state } = loaded;
  if (!context.evaluatorIds.includes(actor.id)) throw notFound('You are not an evaluator of this selection, so it has no score sheet of yours.');
  const data = selectionData(conn, selection.id);
  const mine = conn
    .select()
    .from(selectionScores)
    .where(and(eq(selectionScores.selectionId, selection.id), eq(selectionScores.evaluatorId, actor.id)))
    .all();
  const submitted = context.submitted.find((s) => s.evaluatorId === actor.id) ?? null;
  const scored = data.criteria.filter((c) => !c.derived);
  return {
    project: project(loaded.project),
    selection: { id: selection.id, key: selection.key, title: selection.title, state, stateLabel: stateLabel(state) },
    candidates: data.candidates.map((c) => ({ id: c.id, name: candidateName(c), category: c.category })),
    criteria: scored.map((c) => ({ id: c.id, name: c.name, groupLabel: groupLabels[c.group], weight: c.weight })),
    derived: data.criteria.filter((c) => c.derived).map((c) => c.name),
    cells: mine.map((s) => ({ candidateId: s.candidateId, criterionId: s.criterionId, score: s.score, comment: s.comment })),
    missing: missingOnSheet(conn, selection.id, actor.id, data),
    submittedAt: submitted?.at ?? null,
    mayEdit: state === 'scoring' && !submitted,
    mayReadResults: mayReadScores(state, context, actor.id, 'others'),
  };
}

/**
 * The results, for whoever may read every evaluator's scores now (blind scoring: an evaluator who has
 * not submitted, or anyone before scoring is over, finds nothing here: 404).
 */
export function resultsPage(conn: Conn, actor: Actor, ref: { projectId: number; selectionId: number }) {
  const loaded = loadSelectionFor(conn, actor, ref);
  const { selection, context, state, instance, party } = loaded;
  if (!mayReadScores(state, context, actor.id, 'others'))
    throw notFound('No results to show you yet: scores stay unseen until you submit your own sheet and scoring is over.');
  const data = selectionData(conn, selection.id);
  const counted = context.submitted.map((s) => s.evaluatorId);
  const scores = submittedScores(conn, selection.id, counted);
  const names = namesOf(conn, [...context.evaluatorIds, selection.sponsorId]);
  const results = selectionResults({
    candidates: data.candidates.map((c) => ({ id: c.id, name: candidateName(c) })),
    criteria: data.criteria,
    evaluators: counted.map((id) => ({ id, name: names.get(id) ?? '' })),
    scores,
    musts: data.needs.filter((n) => n.priority === 'must').map((n) => n.id),
    fits: data.fits,
    costs: data.costs,
  });
  const nameOf = new Map(data.candidates.map((c) => [c.id, candidateName(c)]));
  const criterionOf = new Map(data.criteria.map((c) => [c.id, c]));
  const events = availableEvents(platformSelectionWorkflow, instance, party);
  const fn = events.has('DECIDE') ? functionOf(conn, selection.projectId, actor.id) : null;
  const rb = results.robustness;
  return {
    project: project(loaded.project),
    selection: {
      id: selection.id,
      key: selection.key,
      title: selection.title,
      state,
      stateLabel: stateLabel(state),
      sponsor: names.get(selection.sponsorId) ?? '',
    },
    version: instance.version,
    counted: counted.map((id) => names.get(id) ?? ''),
    notSubmitted: context.evaluatorIds.filter((id) => !counted.includes(id)).map((id) => names.get(id) ?? ''),
    threshold: results.threshold,
    criteria: data.criteria.map((c) => ({ id: c.id, name: c.name, groupLabel: groupLabels[c.group], weight: c.weight, derived: c.derived })),
    ranking: results.ranking.map((r) => {
      const t = results.totals.find((x) => x.candidateId === r.candidateId)!;
      return {
        candidateId: r.candidateId,
        name: nameOf.get(r.candidateId) ?? '',
        rank: r.rank,
        total: toFixed(r.total, 3),
        breakdown: t.breakdown.map((b) => ({
          criterionId: b.criterionId,
          mean: b.mean ? toFixed(b.mean, 2) : '—',
          contribution: toFixed(b.contribution, 3),
        })),
      };
    }),
    spreads: results.spreads.map((s) => ({
      ...s,
      candidate: nameOf.get(s.candidateId) ?? '',
      criterion: criterionOf.get(s.criterionId)?.name ?? '',
    })),
    robustness: rb && {
      first: nameOf.get(rb.firstId) ?? '',
      second: nameOf.get(rb.secondId) ?? '',
      gap: toFixed(rb.gap, 3),
      swaps: rb.swaps.map((s) => ({
        criterion: criterionOf.get(s.criterionId)?.name ?? '',
        weight: s.weight,
        tieAt: toFixed(s.tieAt, 2),
        change: `${s.change.n > 0n ? '+' : ''}${toFixed(s.change, 2)}`,
        smallest: rb.smallest?.criterionId === s.criterionId,
      })),
    },
    perEvaluator: results.perEvaluator.map((e) => ({
      name: e.name,
      ranking: e.ranking.map((r) => ({ rank: r.rank, name: nameOf.get(r.candidateId) ?? '', total: toFixed(r.total, 2) })),
    })),
    tco: results.tco.map((t) => ({ ...t, name: nameOf.get(t.candidateId) ?? '' })),
    scores: scores.map((s) => ({
      evaluator: names.get(s.evaluatorId) ?? '',
      candidate: nameOf.get(s.candidateId) ?? '',
      criterion: criterionOf.get(s.criterionId)?.name ?? '',
      score: s.score,
      comment: s.comment,
    })),
    events: [...events],
    decisionBasis: events.has('DECIDE') ? resultsFingerprint(selection.key, context.round, data, scores) : null,
    meanings: events.has('DECIDE') ? meaningsFor(fn) : [],
    yourFunction: fn ? functionInSentence(fn) : null,
    candidates: data.candidates.map((c) => ({ id: c.id, name: candidateName(c) })),
  };
}

/** The printable decision record: the results page's figures plus needs, signatures and the voided decisions. */
export function decisionRecordPage(conn: Conn, actor: Actor, ref: { projectId: number; selectionId: number }) {
  const results = resultsPage(conn, actor, ref);
  const page = selectionPage(conn, actor, ref);
  return {
    ...results,
    needs: page.needs,
    signatures: page.signatures,
    decision: page.decision,
    lock: page.lock,
    voided: page.voided,
    weightsTotal: page.weightsTotal,
    evaluators: page.evaluators,
  };
}
