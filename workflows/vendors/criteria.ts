import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { type CriterionRecord, deliverableCriteria, requirements, requirementVersions, testCases, testCycles, workflowInstances } from '~/db/schema';
import { type SignoffState, signoffStateLabels } from '../machines/requirement-signoff';
import { caseStandings } from '../testing/coverage';

/**
 * The one definition of whether a deliverable's acceptance criteria hold. The deliverable page, the
 * accept and reject commands and (later) the phase gate's criterion read it; nobody re-derives it.
 *
 * - a linked requirement holds when its current version is signed off;
 * - a linked payout case holds when it stands passed on the current plan version (coverage.ts's
 *   standing: its latest run, not stale, on the version in effect); a linked test cycle holds when
 *   every case of the cycle does;
 * - a checklist item holds when the reviewer ticks it (at acceptance).
 *
 * docs/decisions/0012-vendor-deliverables.md.
 */
export type CriterionStanding = CriterionRecord;

/** A deliverable's criteria as they stand now; `ticked` are the checklist items the reviewer ticked (none when only reading). */
export function criteriaOf(conn: Conn, deliverable: { id: number; projectId: number }, ticked: readonly number[] = []): CriterionStanding[] {
  const rows = conn
    .select()
    .from(deliverableCriteria)
    .where(eq(deliverableCriteria.deliverableId, deliverable.id))
    .orderBy(asc(deliverableCriteria.position), asc(deliverableCriteria.id))
    .all();
  const reqIds = rows.flatMap((r) => (r.requirementId ? [r.requirementId] : []));
  const reqs = new Map(
    (reqIds.length
      ? conn
          .select({
            id: requirements.id,
            key: requirements.key,
            versionId: requirementVersions.id,
            number: requirementVersions.number,
            title: requirementVersions.title,
            state: workflowInstances.stateValue,
          })
          .from(requirements)
          .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
          .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
          .where(inArray(requirements.id, reqIds))
          .all()
      : []
    ).map((r) => [r.id, r]),
  );
  const cycleIds = rows.flatMap((r) => (r.cycleId ? [r.cycleId] : []));
  const cycleCases = cycleIds.length
    ? conn.select({ id: testCases.id, cycleId: testCases.cycleId }).from(testCases).where(inArray(testCases.cycleId, cycleIds)).all()
    : [];
  const cycles = new Map(
    (cycleIds.length ? conn.select({ id: testCycles.id, name: testCycles.name }).from(testCycles).where(inArray(testCycles.id, cycleIds)).all() : []).map(
      (c) => [c.id, c],
    ),
  );
  const caseIds = [...rows.flatMap((r) => (r.caseId ? [r.caseId] : [])), ...cycleCases.map((c) => c.id)];
  const standings = new Map((caseIds.length ? caseStandings(conn, { projectId: deliverable.projectId, caseIds }) : []).map((c) => [c.id, c]));
  const runOf = (caseId: number) => {
    const c = standings.get(caseId);
    return c ? { caseKey: c.key, runId: c.standing.runId, result: c.standing.result } : { caseKey: `case ${caseId}`, runId: null, result: 'not run' };
  };
  const caseWords = (caseId: number) => {
    const c = standings.get(caseId);
    if (!c) return `case ${caseId} is not in this project`;
    return `${c.key} ${c.standing.result}${c.standing.runId ? ` (run #${c.standing.runId})` : ''}${c.standing.why ? `: ${c.standing.why}` : ''}`;
  };

  return rows.map((r): CriterionStanding => {
    const base = { criterionId: r.id, kind: r.kind, runs: [] as CriterionRecord['runs'], requirementVersionId: null as number | null };
    switch (r.kind) {
      case 'requirement': {
        const q = r.requirementId ? reqs.get(r.requirementId) : undefined;
        if (!q) return { ...base, label: `Requirement ${r.requirementId}`, met: false, detail: 'not found' };
        const state = String(q.state) as SignoffState;
        return {
          ...base,
          label: `${q.key} ${q.title} signed off`,
          met: state === 'signedOff',
          detail: `version ${q.number} is ${(signoffStateLabels[state] ?? state).toLowerCase()}`,
          requirementVersionId: q.versionId,
        };
      }
      case 'payout_case': {
        const c = r.caseId ? standings.get(r.caseId) : undefined;
        return {
          ...base,
          label: `${c?.key ?? `case ${r.caseId}`} ${c?.title ?? ''} passes`.replace('  ', ' '),
          met: c?.standing.result === 'passed',
          detail: caseWords(r.caseId ?? 0),
          runs: r.caseId ? [runOf(r.caseId)] : [],
        };
      }
      case 'test_cycle': {
        const ids = cycleCases.filter((c) => c.cycleId === r.cycleId).map((c) => c.id);
        const runs = ids.map(runOf);
        const failing = ids.filter((id) => standings.get(id)?.standing.result !== 'passed');
        return {
          ...base,
          label: `Every case of ${cycles.get(r.cycleId ?? 0)?.name ?? `cycle ${r.cycleId}`} passes`,
          met: ids.length > 0 && failing.length === 0,
          detail: ids.length === 0 ? 'the cycle has no case' : failing.length === 0 ? `${ids.length} of ${ids.length} pass` : failing.map(caseWords).join('; '),
          runs,
        };
      }
      default:
        return {
          ...base,
          label: r.text,
          met: ticked.includes(r.id),
          detail: ticked.includes(r.id) ? 'ticked by the reviewer' : 'the reviewer ticks it when accepting',
        };
    }
  });
}

/** The criteria that do not hold, as the machine's `unmet` list. */
export const unmetOf = (criteria: readonly CriterionStanding[]) => criteria.filter((c) => !c.met).map((c) => ({ criterionId: c.criterionId, label: c.label }));

/**
 * What a reviewer's accept form names: the submission and the computed evidence (case runs, requirement
 * versions) shown. A signature on a page whose evidence has moved since signs nothing.
 */
export function evidenceFingerprint(submission: number, criteria: readonly CriterionStanding[]): string {
  const shown = criteria
    .filter((c) => c.kind !== 'checklist')
    .map((c) => ({ id: c.criterionId, met: c.met, runs: c.runs.map((r) => [r.runId, r.result]), requirementVersionId: c.requirementVersionId }));
  return createHash('sha256').update(JSON.stringify({ submission, shown })).digest('hex');
}

/**
 * Evidence an acceptance stood on that no longer holds (a case that passed then fails now, a requirement
 * re-opened): the acceptance is not rewritten, the deliverable shows these as a warning.
 */
export function acceptanceWarnings(recorded: readonly CriterionRecord[], now: readonly CriterionStanding[]): string[] {
  return recorded.flatMap((then) => {
    if (then.kind === 'checklist' || !then.met) return [];
    const current = now.find((c) => c.criterionId === then.criterionId);
    if (!current || current.met) return [];
    const runs = then.runs.map((r) => `${r.caseKey} run #${r.runId}`).join(', ');
    return [`${then.label}: held when accepted${runs ? ` (${runs})` : ''}; now ${current.detail}.`];
  });
}

/** Past its due date and neither accepted nor waived: computed from the state and the day, never stored. */
export const isOverdue = (state: string, dueDate: string, today: string) => dueDate < today && state !== 'accepted' && state !== 'waived';

/** Whether a criterion names something of the deliverable's project (requirements, cases, cycles). */
export function criterionTargetsInProject(
  conn: Conn,
  projectId: number,
  refs: { requirementIds: number[]; caseIds: number[]; cycleIds: number[] },
): string | null {
  const count = <T extends { projectId: number }>(rows: T[], n: number) => rows.length === n && rows.every((r) => r.projectId === projectId);
  if (
    refs.requirementIds.length &&
    !count(
      conn.select({ projectId: requirements.projectId }).from(requirements).where(inArray(requirements.id, refs.requirementIds)).all(),
      new Set(refs.requirementIds).size,
    )
  )
    return 'requirementIds';
  if (
    refs.caseIds.length &&
    !count(
      conn
        .select({ projectId: testCases.projectId })
        .from(testCases)
        .where(and(inArray(testCases.id, refs.caseIds), eq(testCases.kind, 'payout')))
        .all(),
      new Set(refs.caseIds).size,
    )
  )
    return 'caseIds';
  if (
    refs.cycleIds.length &&
    !count(conn.select({ projectId: testCycles.projectId }).from(testCycles).where(inArray(testCycles.id, refs.cycleIds)).all(), new Set(refs.cycleIds).size)
  )
    return 'cycleIds';
  return null;
}
