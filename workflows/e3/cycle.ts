import { desc, eq, inArray } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { e3Cycles, workflowInstances } from '~/db/schema';
import { sha256Hex } from '~/engine';
import type { AuditAction } from '../audit-catalogue';
import { notFound } from '../errors';
import { type E3Actor, type E3Context, type E3Event, e3CycleWorkflow, type KpiValues, type TrackedKpi } from '../machines/e3-cycle';
import type { Actor, ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent, contextOf } from '../runtime';
import { programmeData } from './data';
import { computePeriodKpis, formatKpi, kpiDefinition, meanOverPeriods, type Verdict, verdictOf } from './kpis';

/** A project's cycles, the latest first. */
export const cyclesOf = (conn: Conn, projectId: number) =>
  conn
    .select({ cycle: e3Cycles, instance: workflowInstances })
    .from(e3Cycles)
    .innerJoin(workflowInstances, eq(workflowInstances.id, e3Cycles.instanceId))
    .where(eq(e3Cycles.projectId, projectId))
    .orderBy(desc(e3Cycles.number))
    .all();

/** The project's latest cycle with its context and state, or null when none was started. */
export function latestCycle(conn: Conn, projectId: number) {
  const row = cyclesOf(conn, projectId)[0];
  if (!row) return null;
  return { ...row, context: contextOf(e3CycleWorkflow, row.instance), state: String(row.instance.stateValue) };
}

/** The latest cycle of each of these projects, with its state and next review's due day (My work's late list). */
export function latestCyclesOf(conn: Conn, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  const seen = new Set<number>();
  const out: { projectId: number; number: number; state: string; nextReviewDue: string | null }[] = [];
  // One query for every project (My work reads a fixed number of times, however many projects).
  for (const row of conn
    .select({ cycle: e3Cycles, instance: workflowInstances })
    .from(e3Cycles)
    .innerJoin(workflowInstances, eq(workflowInstances.id, e3Cycles.instanceId))
    .where(inArray(e3Cycles.projectId, projectIds))
    .orderBy(desc(e3Cycles.number))
    .all()) {
    if (seen.has(row.cycle.projectId)) continue;
    seen.add(row.cycle.projectId);
    const context = contextOf(e3CycleWorkflow, row.instance);
    out.push({ projectId: row.cycle.projectId, number: row.cycle.number, state: String(row.instance.stateValue), nextReviewDue: context.nextReviewDue });
  }
  return out;
}

/** The latest cycle of a project for someone allowed `permission` (404 when there is none). */
export function loadCycleFor(conn: Conn, actor: Actor, projectId: number, permission: ProjectPermission = 'e3.view') {
  const access = requireProjectPermission(conn, actor, projectId, permission);
  const cycle = latestCycle(conn, projectId);
  if (!cycle) throw notFound('This project has no E3 cycle yet.');
  return { ...access, ...cycle, party: { id: actor.id, roles: access.roles } satisfies E3Actor };
}
export type LoadedCycle = ReturnType<typeof loadCycleFor>;

/**
 * The KPIs of a set of periods as a baseline or a review freezes them: each tracked KPI per period,
 * and over the periods (the mean of the periods' values, rounded as the KPI says).
 */
export function valuesOver(conn: Conn, projectId: number, periods: string[], keys: string[]): KpiValues {
  const perPeriod: KpiValues['perPeriod'] = {};
  for (const p of programmeData(conn, projectId, periods)) perPeriod[p.period] = computePeriodKpis(p, keys);
  const values: KpiValues['values'] = {};
  for (const key of keys)
    values[key] = meanOverPeriods(
      key,
      periods.map((p) => perPeriod[p]?.[key] ?? null),
    );
  return { values, perPeriod };
}

/** What the sponsor signs for the baseline: the periods, the tracked KPIs with targets and tolerances, and their values now. */
export function baselineFingerprint(instanceVersion: number, config: { periods: string[]; kpis: TrackedKpi[]; cadenceWeeks: number }, values: KpiValues) {
  return sha256Hex(JSON.stringify({ instanceVersion, periods: config.periods, kpis: config.kpis, cadenceWeeks: config.cadenceWeeks, values }));
}

/** What the sponsor signs for a review: its number, periods, frozen values and findings. */
export function reviewFingerprint(instanceVersion: number, c: E3Context) {
  const r = c.reviews.at(-1);
  if (!r) return '';
  return sha256Hex(
    JSON.stringify({ instanceVersion, number: r.number, periods: r.periods, values: r.values, findings: r.findings.map((f) => [f.number, f.kpi, f.note]) }),
  );
}

export type ComparisonRow = {
  key: string;
  label: string;
  formula: string;
  baseline: string | null;
  value: string | null;
  target: string;
  tolerance: string;
  shown: { baseline: string; value: string; target: string };
  vsTarget: Verdict | null;
  vsBaseline: Verdict | null;
};

/** Every tracked KPI of a review beside the baseline and its target: better, within tolerance or worse. */
export function comparison(c: E3Context, values: Record<string, string | null>): ComparisonRow[] {
  return (c.config?.kpis ?? []).map((k) => {
    const def = kpiDefinition(k.key)!;
    const baseline = c.baseline?.values[k.key] ?? null;
    const value = values[k.key] ?? null;
    return {
      key: k.key,
      label: def.label,
      formula: def.formula,
      baseline,
      value,
      target: k.target,
      tolerance: k.tolerance,
      shown: { baseline: formatKpi(k.key, baseline), value: formatKpi(k.key, value), target: formatKpi(k.key, k.target) },
      vsTarget: verdictOf(k.key, value, k.target, k.tolerance),
      vsBaseline: verdictOf(k.key, value, baseline, k.tolerance),
    };
  });
}

/**
 * For each finding of an earlier review that became a change: the KPI then, and now in this review, and
 * whether it moved (better, within tolerance, worse against the value at the finding).
 */
export function movedAfterChanges(c: E3Context, reviewNumber: number) {
  const review = c.reviews.find((r) => r.number === reviewNumber);
  if (!review) return [];
  return c.reviews
    .filter((r) => r.number < reviewNumber)
    .flatMap((r) => r.findings.filter((f) => f.change).map((f) => ({ review: r.number, finding: f })))
    .map(({ review: from, finding }) => {
      const now = review.values[finding.kpi] ?? null;
      const tolerance = c.config?.kpis.find((k) => k.key === finding.kpi)?.tolerance ?? '0';
      return {
        fromReview: from,
        finding,
        label: kpiDefinition(finding.kpi)?.label ?? finding.kpi,
        atFinding: formatKpi(finding.kpi, finding.value),
        now: formatKpi(finding.kpi, now),
        moved: verdictOf(finding.kpi, now, finding.value, tolerance),
      };
    });
}

/** Applies an E3 cycle event, audited against the cycle; a stale version is refused. */
export function applyCycleEvent(
  tx: Tx,
  loaded: Pick<LoadedCycle, 'cycle'>,
  opts: { event: E3Event; actor: Actor; at: Date; action: AuditAction; detail: string; expectedVersion?: number; after?: object },
) {
  return applyEvent(tx, e3CycleWorkflow, {
    instanceId: loaded.cycle.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    expectedVersion: opts.expectedVersion,
    audit: { action: opts.action, subjectType: 'e3_cycle', subjectId: loaded.cycle.number, detail: opts.detail, after: opts.after },
  });
}
