import { eq, inArray } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { plans, planVersions, testRuns } from '~/db/schema';
import { type Component, type Reached, validatePlan } from '~/engine';
import { caseStandings, type Standing } from './coverage';
import { tracesTiers } from './engine-run';
import { amt, pct } from './plan-summary';

/**
 * Test coverage of a plan's current version per component and per rate-table tier or curve segment.
 * "Passing" is `standingOf`'s 'passed' (coverage.ts): the latest run, not stale, on the current
 * version. A passing case exercises a component when one of its expected lines is that component's
 * (only expected lines are checked), and reaches a tier when that line's explain trace says so: the
 * engine marks the step where the tier pays, or the curve gives its value (`reached`, engine/trace.ts),
 * with the tier the credit or attainment ends in. Runs of engines before those markers
 * (`tracesTiers`) count for their components but reach no tier until the case is run again.
 */

export type CaseRef = { id: number; key: string; title: string };

export type PartCoverage = {
  table: Reached['table'];
  tier: number;
  /** "Tier 2", "Curve segment 1", "Below the first tier" */
  name: string;
  /** The tier's bounds and rate as the plan in words states them ("from 50% to 100% of quota: 1.5%"). */
  label: string;
  cases: CaseRef[];
  covered: boolean;
};

export type ComponentCoverage = {
  id: string;
  name: string;
  type: string;
  /** What the parts are ("marginal rates by attainment of quota"); null when the component has no tiers or curve. */
  parts: { kind: string; list: PartCoverage[] } | null;
  /** Passing cases with an expected line of this component. */
  cases: CaseRef[];
  covered: boolean;
};

export type PlanCoverage = {
  version: number;
  components: ComponentCoverage[];
  /** Payout cases of this plan that pass on this version. */
  passing: CaseRef[];
  /** Payout cases of this plan that do not count, with their standing. */
  notCounted: (CaseRef & { standing: Standing })[];
  /** Passing cases whose run was recorded before traces named tiers: they count for tiers once run again. */
  untraced: CaseRef[];
  /** Every component and tier no passing case reaches, in plan order. */
  uncovered: { componentId: string; componentName: string; part: PartCoverage | null }[];
};

export function planCoverage(conn: Conn, planId: number): PlanCoverage | null {
  const plan = conn.select().from(plans).where(eq(plans.id, planId)).get();
  if (!plan?.currentVersionId) return null;
  const version = conn.select().from(planVersions).where(eq(planVersions.id, plan.currentVersionId)).get();
  if (!version) return null;
  const compiled = validatePlan(JSON.parse(version.document));
  if (!compiled.ok) return null;

  const cases = caseStandings(conn, { projectId: plan.projectId }).filter((c) => c.kind === 'payout' && c.planId === plan.id);
  const ref = (c: CaseRef): CaseRef => ({ id: c.id, key: c.key, title: c.title });
  const passing = cases.filter((c) => c.standing.result === 'passed');
  const runIds = passing.flatMap((c) => (c.standing.runId ? [c.standing.runId] : []));
  const runs = new Map(
    conn
      .select({ id: testRuns.id, engineVersion: testRuns.engineVersion, lines: testRuns.lines })
      .from(testRuns)
      .where(inArray(testRuns.id, runIds.length ? runIds : [-1]))
      .all()
      .map((r) => [r.id, r]),
  );
  const checked = passing.flatMap((c) => {
    const run = c.standing.runId ? runs.get(c.standing.runId) : undefined;
    return run ? [{ c: ref(c), traced: tracesTiers(run.engineVersion), lines: run.lines.filter((l) => l.actual !== null) }] : [];
  });

  const components = compiled.value.components.map((component): ComponentCoverage => {
    const mine = checked.filter((k) => k.lines.some((l) => l.componentId === component.id));
    const parts = partsOf(component);
    if (parts)
      for (const k of mine) {
        if (!k.traced) continue;
        const reached = k.lines.filter((l) => l.componentId === component.id).flatMap((l) => reachedIn(l.explain));
        for (const part of parts.list)
          if (reached.some((r) => r.table === part.table && r.tier === part.tier) && !part.cases.some((c) => c.id === k.c.id)) part.cases.push(k.c);
      }
    for (const part of parts?.list ?? []) part.covered = part.cases.length > 0;
    return { id: component.id, name: component.name, type: component.type, parts, cases: mine.map((k) => k.c), covered: mine.length > 0 };
  });

  return {
    version: version.number,
    components,
    passing: passing.map(ref),
    notCounted: cases.filter((c) => c.standing.result !== 'passed').map((c) => ({ ...ref(c), standing: c.standing })),
    untraced: checked.filter((k) => !k.traced).map((k) => k.c),
    uncovered: components.flatMap((c): PlanCoverage['uncovered'] => {
      if (!c.covered) return [{ componentId: c.id, componentName: c.name, part: null }];
      return (c.parts?.list ?? []).filter((p) => !p.covered).map((part) => ({ componentId: c.id, componentName: c.name, part }));
    }),
  };
}

/** The `reached` markers of a stored explain trace (one trace, or one per period of the line). */
function reachedIn(explain: unknown): Reached[] {
  const traces = Array.isArray(explain) ? explain : [explain];
  return traces.flatMap((t) => {
    const steps = (t as { steps?: { reached?: Reached }[] } | null)?.steps;
    return Array.isArray(steps) ? steps.flatMap((s) => (s.reached ? [s.reached] : [])) : [];
  });
}

const part = (table: Reached['table'], tier: number, name: string, label: string): PartCoverage => ({ table, tier, name, label, cases: [], covered: false });

/**
 * The tiers of a rate table or the segments of a bonus curve, numbered as the engine marks them
 * (engine/trace.ts `Reached`). "Below the first tier" is listed only where something lies below it.
 */
function partsOf(c: Component): ComponentCoverage['parts'] {
  if (c.type === 'rate_table') {
    const byAttainment = c.basis === 'attainment';
    const bound = (v: unknown) => (byAttainment ? pct(v) : amt(v));
    const unit = byAttainment ? ' of quota' : '';
    const first = c.tiers[0];
    const list: PartCoverage[] = [];
    if (first?.from.gt(0)) list.push(part('tiers', 0, 'Below the first tier', `below ${bound(first.from)}${unit}: nothing pays`));
    const n = c.tiers.length;
    c.tiers.forEach((t, i) => {
      const next = c.tiers[i + 1];
      const pays = t.amount ? `pays ${amt(t.amount)}` : pct(t.rate);
      if (c.method === 'interpolated')
        list.push(
          part(
            'tiers',
            i + 1,
            next ? `Segment ${i + 1}` : 'Beyond the last point',
            next
              ? `from ${bound(t.from)} to ${bound(next.from)}${unit}: the rate rises from ${pct(t.rate)} to ${pct(next.rate)}`
              : `from ${bound(t.from)}${unit}: ${pct(t.rate)} (flat)`,
          ),
        );
      else
        list.push(
          part(
            'tiers',
            i + 1,
            `Tier ${i + 1}`,
            next ? `from ${bound(t.from)} to ${bound(next.from)}${unit}: ${pays}` : `from ${bound(t.from)}${unit}: ${pays}`,
          ),
        );
    });
    const kind = `${c.pays === 'amount' ? 'flat amounts (retroactive)' : `${c.method} rates`} on ${c.measure} by ${byAttainment ? 'attainment of quota' : 'credit'}${n ? '' : ' (no tiers)'}`;
    return { kind, list };
  }
  if (c.type === 'attainment_bonus') {
    const list: PartCoverage[] = [];
    const first = c.curve[0];
    const floor = first?.attainment.gt(c.threshold) ? first.attainment : c.threshold;
    if (floor.gt(0)) list.push(part('curve', 0, 'Below the threshold', `below ${pct(floor)} attainment: nothing pays`));
    c.curve.forEach((p, i) => {
      const next = c.curve[i + 1];
      list.push(
        part(
          'curve',
          i + 1,
          next ? `Curve segment ${i + 1}` : 'Beyond the last point',
          next
            ? next.step
              ? `from ${pct(p.attainment)} to just below ${pct(next.attainment)} attainment: pays ${pct(p.payout)} of target (a step follows)`
              : `from ${pct(p.attainment)} to ${pct(next.attainment)} attainment: pays ${pct(p.payout)} to ${pct(next.payout)} of target`
            : c.beyondLast === 'extend_slope'
              ? `above ${pct(p.attainment)} attainment: from ${pct(p.payout)} of target, rising at the last segment's slope without limit`
              : `above ${pct(p.attainment)} attainment: flat at ${pct(p.payout)} of target`,
        ),
      );
    });
    return { kind: `payout curve on ${c.measure} attainment`, list };
  }
  return null;
}
