import { and, asc, eq, inArray, isNull, lte, max, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Conn } from '~/db/client';
import { plans, planVersions, requirements, requirementVersions, testCaseRequirements, testCases, testRuns, workflowInstances } from '~/db/schema';

/**
 * The one definition of test coverage, in SPM terms. Every page and gate that says a requirement is
 * covered or a case passes asks this module.
 *
 * A case's latest run counts as passed only if nothing it was checked against has moved since:
 * - it is not marked stale (its content or a linked requirement changed after it ran);
 * - for a payout case, it ran on the plan's current version (the version in effect); runs on a later
 *   version, such as a draft's validation runs, are not read until that version comes into effect;
 * - for a requirement, it verified that requirement's current version (a run records the versions of
 *   its linked requirements).
 * A requirement version is covered when at least one case verifying that version stands passed.
 */

export const caseResults = ['passed', 'failed', 'blocked', 'not run', 'stale'] as const;
export type CaseResult = (typeof caseResults)[number];
export type Standing = { result: CaseResult; why: string | null; runId: number | null };

type CaseFacts = { id: number; key: string; title: string; kind: string; critical: boolean; planId: number | null };
type RunFacts = {
  id: number;
  caseId: number;
  result: 'passed' | 'failed' | 'blocked';
  staleSince: string | null;
  staleReason: string | null;
  planVersionId: number | null;
  requirementVersionIds: number[];
};
type RequirementVersion = { id: number; number: number; key: string };

export type CaseStanding = CaseFacts & { standing: Standing };
export type RequirementCoverage = {
  id: number;
  key: string;
  title: string;
  priority: string;
  state: string;
  version: number;
  covered: boolean;
  /** Why it is not covered, in a few words ("no test case", "TC-006 failed"); null when covered. */
  gap: string | null;
  cases: { id: number; key: string; title: string; standing: Standing }[];
};

/**
 * How a case stands now: its latest run's result, unless something it was checked against has moved
 * since (then "stale", saying what moved). With `requirement`, whether it verified that version.
 */
export function standingOf(
  c: { kind: string },
  latest: RunFacts | null,
  current: { planVersion: { id: number; number: number } | null; versionNumberOf: (planVersionId: number) => number | undefined },
  requirement?: RequirementVersion,
): Standing {
  if (!latest) return { result: 'not run', why: null, runId: null };
  const stale = (why: string): Standing => ({ result: 'stale', why, runId: latest.id });
  if (latest.staleSince) return stale(latest.staleReason ?? 'changed since it ran');
  if (c.kind === 'payout' && current.planVersion && latest.planVersionId !== current.planVersion.id) {
    const ran = latest.planVersionId ? current.versionNumberOf(latest.planVersionId) : undefined;
    return stale(`ran on plan version ${ran ?? '?'}; the current version is ${current.planVersion.number}`);
  }
  if (requirement && !latest.requirementVersionIds.includes(requirement.id))
    return stale(`verified an earlier version of ${requirement.key}; the current version is ${requirement.number}`);
  return { result: latest.result, why: null, runId: latest.id };
}

/** Every case of a project (or of a cycle) with how it stands now. */
export function caseStandings(conn: Conn, where: { projectId: number; caseIds?: number[] }): CaseStanding[] {
  return loadFacts(conn, where).cases.map((c) => ({ ...c.facts, standing: c.standing() }));
}

function loadFacts(conn: Conn, where: { projectId: number; caseIds?: number[] }) {
  const cases = conn
    .select({ id: testCases.id, key: testCases.key, title: testCases.title, kind: testCases.kind, critical: testCases.critical, planId: testCases.planId })
    .from(testCases)
    .where(and(eq(testCases.projectId, where.projectId), where.caseIds ? inArray(testCases.id, where.caseIds.length ? where.caseIds : [-1]) : undefined))
    .orderBy(asc(testCases.key))
    .all();
  // A payout case stands by its runs on the plan version in effect (or an earlier one, which makes it
  // stale): a run on a later version (a draft being validated, a version approved for a later date)
  // does not count until that version comes into effect.
  const ran = alias(planVersions, 'ran_on');
  const inEffect = alias(planVersions, 'in_effect');
  const latestIds = conn
    .select({ id: max(testRuns.id) })
    .from(testRuns)
    .innerJoin(testCases, eq(testCases.id, testRuns.caseId))
    .leftJoin(ran, eq(ran.id, testRuns.planVersionId))
    .leftJoin(plans, eq(plans.id, testCases.planId))
    .leftJoin(inEffect, eq(inEffect.id, plans.currentVersionId))
    .where(and(eq(testCases.projectId, where.projectId), or(isNull(testRuns.planVersionId), lte(ran.number, inEffect.number))))
    .groupBy(testRuns.caseId);
  const runs = conn
    .select({
      id: testRuns.id,
      caseId: testRuns.caseId,
      result: testRuns.result,
      staleSince: testRuns.staleSince,
      staleReason: testRuns.staleReason,
      planVersionId: testRuns.planVersionId,
      requirementVersionIds: testRuns.requirementVersionIds,
    })
    .from(testRuns)
    .where(inArray(testRuns.id, latestIds))
    .all();
  const latest = new Map(runs.map((r) => [r.caseId, r]));
  const versions = conn
    .select({ id: planVersions.id, number: planVersions.number, planId: planVersions.planId, current: plans.currentVersionId })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(plans.projectId, where.projectId))
    .all();
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  const currentOf = new Map(versions.filter((v) => v.id === v.current).map((v) => [v.planId, { id: v.id, number: v.number }]));
  const current = (planId: number | null) => ({
    planVersion: planId ? (currentOf.get(planId) ?? null) : null,
    versionNumberOf: (id: number) => numberOf.get(id),
  });
  return {
    cases: cases.map((c) => ({
      facts: c,
      standing: (requirement?: RequirementVersion) => standingOf(c, latest.get(c.id) ?? null, current(c.planId), requirement),
    })),
  };
}

/** Coverage of every current (not retired) requirement of a project, and of its must-haves. */
export function projectCoverage(conn: Conn, projectId: number) {
  const reqs = conn
    .select({
      id: requirements.id,
      key: requirements.key,
      title: requirementVersions.title,
      priority: requirementVersions.priority,
      state: workflowInstances.stateValue,
      versionId: requirementVersions.id,
      version: requirementVersions.number,
    })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(eq(requirements.projectId, projectId))
    .orderBy(asc(requirements.key))
    .all()
    .filter((r) => r.state !== 'retired');
  const links = conn
    .select({ caseId: testCaseRequirements.caseId, requirementId: testCaseRequirements.requirementId })
    .from(testCaseRequirements)
    .innerJoin(testCases, eq(testCases.id, testCaseRequirements.caseId))
    .where(eq(testCases.projectId, projectId))
    .all();
  const { cases } = loadFacts(conn, { projectId });
  const caseById = new Map(cases.map((c) => [c.facts.id, c]));
  const rows: RequirementCoverage[] = reqs.map((r) => {
    const verifying = links.filter((l) => l.requirementId === r.id).flatMap((l) => caseById.get(l.caseId) ?? []);
    const standings = verifying.map((c) => ({
      id: c.facts.id,
      key: c.facts.key,
      title: c.facts.title,
      standing: c.standing({ id: r.versionId, number: r.version, key: r.key }),
    }));
    const covered = standings.some((c) => c.standing.result === 'passed');
    return {
      id: r.id,
      key: r.key,
      title: r.title,
      priority: r.priority,
      state: String(r.state),
      version: r.version,
      covered,
      gap: covered ? null : gapOf(standings),
      cases: standings,
    };
  });
  const musts = rows.filter((r) => r.priority === 'must');
  return {
    requirements: rows,
    musts: { covered: musts.filter((r) => r.covered).length, total: musts.length, uncovered: musts.filter((r) => !r.covered) },
  };
}

const gapOf = (cases: { key: string; standing: Standing }[]) =>
  cases.length === 0 ? 'no test case' : cases.map((c) => `${c.key} ${c.standing.result}${c.standing.why ? `: ${c.standing.why}` : ''}`).join('; ');

/** "3 of 20 (15%)": the same words wherever coverage is stated. */
export const coverageFigure = (m: { covered: number; total: number }) =>
  `${m.covered} of ${m.total}${m.total ? ` (${Math.round((m.covered / m.total) * 100)}%)` : ''}`;
