import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn, Tx } from '~/db/client';
import { modelingScenarios, plans, planVersions } from '~/db/schema';
import { Decimal } from '~/engine';
import { emitAudit } from '../audit';
import { invalid, notFound, refused } from '../errors';
import type { Actor } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { planSummary } from '../testing/plan-summary';
import { thinCurve } from './curve-points';
import { loadDataset } from './datasets';
import { deltaSummary, participantDeltas } from './deltas';
import type { ModelingResults } from './results';
import { runDesignedCurve, runModel, type StoredDataset } from './runner';
import { applyScenario, describeScenario, ScenarioChange, type ScenarioProblem, sweepVariables } from './scenario';

/**
 * Scenarios (issue 13): a plan version, a dataset of the same plan and a list of changes
 * (workflows/modeling/scenario.ts). Stored as entered; applied and run by the engine when read.
 */

export type ScenarioRow = typeof modelingScenarios.$inferSelect;

/** A scenario of the project, with its plan version; not found under another project. */
export function loadScenario(conn: Conn, projectId: number, scenarioId: number) {
  const row = conn
    .select({ scenario: modelingScenarios, version: planVersions, plan: plans })
    .from(modelingScenarios)
    .innerJoin(planVersions, eq(planVersions.id, modelingScenarios.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(modelingScenarios.id, scenarioId))
    .get();
  if (!row || row.scenario.projectId !== projectId) throw notFound('No such scenario in this project.');
  return row;
}

/** The stored changes read back as scenario changes (they were checked when stored). */
export const changesOf = (s: Pick<ScenarioRow, 'changes'>): ScenarioChange[] => z.array(ScenarioChange).parse(s.changes);

/** Where each change came from in the form, to put its problem next to the field that made it. */
export type ChangeOrigin = 'tierRate' | 'quotaPercent' | 'changesJson';

/**
 * Checks a scenario against its plan version and dataset, and stores it, audited. A change the engine
 * refuses (a tier that is not there, a plan that no longer validates) is named by the field it came from.
 */
export function insertScenario(
  tx: Tx,
  actor: Actor,
  at: Date,
  input: { projectId: number; name: string; planVersionId: number; datasetId: number; changes: ScenarioChange[]; origins: ChangeOrigin[]; copiedFrom?: number },
) {
  requireProjectPermission(tx, actor, input.projectId, 'model.write');
  const found = tx
    .select({ version: planVersions, plan: plans })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(planVersions.id, input.planVersionId))
    .get();
  if (!found || found.plan.projectId !== input.projectId)
    throw invalid('Check the highlighted fields.', { planVersionId: 'Choose a plan version of this project.' });
  const dataset = (() => {
    try {
      return loadDataset(tx, input.projectId, input.datasetId);
    } catch {
      throw invalid('Check the highlighted fields.', { datasetId: 'Choose a dataset of this project.' });
    }
  })();
  if (dataset.planId !== found.plan.id)
    throw invalid('Check the highlighted fields.', { datasetId: `This dataset is for another plan: choose one made for ${found.plan.planKey}.` });
  const applied = applyScenario(found.version.document, input.changes);
  if (!applied.ok) {
    const fieldErrors: Record<string, string> = {};
    for (const p of applied.problems) {
      const origin = p.change === null ? 'changesJson' : (input.origins[p.change] ?? 'changesJson');
      const jsonIndex = p.change === null ? null : input.origins.slice(0, p.change + 1).filter((o) => o === 'changesJson').length;
      const where = origin === 'changesJson' && jsonIndex ? `Change ${jsonIndex}: ` : '';
      fieldErrors[origin] = [fieldErrors[origin], `${where}${p.path ? `${p.path}: ` : ''}${p.message}`].filter(Boolean).join(' ');
    }
    throw invalid('Check the highlighted fields: the changed plan does not validate.', fieldErrors);
  }
  const row = tx
    .insert(modelingScenarios)
    .values({
      projectId: input.projectId,
      name: input.name,
      planVersionId: found.version.id,
      datasetId: dataset.id,
      changes: input.changes,
      copiedFrom: input.copiedFrom ?? null,
      createdBy: actor.id,
      createdAt: at.toISOString(),
    })
    .returning()
    .get();
  emitAudit(tx, {
    at,
    actor,
    projectId: input.projectId,
    action: input.copiedFrom ? 'model.scenario_copied' : 'model.scenario_created',
    subjectType: 'scenario',
    subjectId: String(row.id),
    after: {
      name: row.name,
      plan: `${found.plan.planKey} v${found.version.number}`,
      dataset: dataset.name,
      changes: input.changes,
      copiedFrom: row.copiedFrom,
    },
  });
  return row;
}

/** The document and dataset a scenario runs: its version's document with the changes applied, the dataset with its changes. */
export function scenarioInputs(conn: Conn, projectId: number, scenarioId: number) {
  const { scenario, version, plan } = loadScenario(conn, projectId, scenarioId);
  const stored = loadDataset(conn, projectId, scenario.datasetId);
  const changes = changesOf(scenario);
  const applied = applyScenario(version.document, changes);
  return {
    scenario,
    version,
    plan,
    dataset: { id: stored.id, name: stored.name, period: stored.period, participants: stored.participantCount, transactions: stored.transactionCount },
    /** the dataset as a run reads it (workflows/modeling/runner.ts) */
    stored: stored as StoredDataset,
    changes,
    base: { document: version.document },
    changed: applied.ok
      ? { ok: true as const, document: applied.document, datasetChanges: applied.datasetChanges }
      : { ok: false as const, problems: applied.problems },
  };
}

type Dec = InstanceType<typeof Decimal>;
const dec = (v: string | null) => (v === null ? null : new Decimal(v));
const diff = (a: string | null, b: string | null) => {
  const x = dec(a);
  const y = dec(b);
  return x === null || y === null ? null : (y.minus(x) as Dec).toFixed();
};

/** The scenario's figures against the base's: each money figure and percentage, and the difference. */
export function differences(base: ModelingResults, scenario: ModelingResults) {
  const pair = (label: string, a: string | null, b: string | null) => ({ label, base: a, scenario: b, difference: diff(a, b) });
  const ids = [...new Set([...base.costByComponent.value.map((c) => c.componentId), ...scenario.costByComponent.value.map((c) => c.componentId)])];
  const roles = [...new Set([...base.costByRole.value.map((c) => c.role), ...scenario.costByRole.value.map((c) => c.role)])];
  const amountOf = <T extends { amount: string }>(list: T[], f: (x: T) => boolean) => list.find(f)?.amount ?? '0';
  return {
    headline: [
      pair('Total incentive cost', base.totalCost.value, scenario.totalCost.value),
      pair('Credited revenue', base.creditedRevenue.value, scenario.creditedRevenue.value),
      pair('Cost of sales (%)', base.costOfSales.value, scenario.costOfSales.value),
      pair('Average payout (% of target)', base.averagePayoutPct.value, scenario.averagePayoutPct.value),
      pair('Median payout (% of target)', base.medianPayoutPct.value, scenario.medianPayoutPct.value),
      pair('Top decile over median', base.differentiation.value.topDecileOverMedian, scenario.differentiation.value.topDecileOverMedian),
      pair('Median over bottom decile', base.differentiation.value.medianOverBottomDecile, scenario.differentiation.value.medianOverBottomDecile),
    ],
    byComponent: ids.map((id) =>
      pair(
        id,
        amountOf(base.costByComponent.value, (c) => c.componentId === id),
        amountOf(scenario.costByComponent.value, (c) => c.componentId === id),
      ),
    ),
    byRole: roles.map((role) =>
      pair(
        role,
        amountOf(base.costByRole.value, (c) => c.role === role),
        amountOf(scenario.costByRole.value, (c) => c.role === role),
      ),
    ),
  };
}

export type ScenarioRun =
  | { kind: 'refused'; side: 'scenario' | 'base'; problems: (ScenarioProblem | { file: string; line: number; message: string })[] }
  | { kind: 'computed'; base: ModelingResults; scenario: ModelingResults; differences: ReturnType<typeof differences> };

export type ScenarioInputs = ReturnType<typeof scenarioInputs>;

/** The base's results: the scenario's plan version unchanged on its dataset unchanged. */
export const baseResults = (conn: Conn, inputs: ScenarioInputs) => runModel(conn, inputs.stored, inputs.base.document, []);

/** Runs the base (the version unchanged) and the scenario on the dataset: two full engine runs (the base's kept once run). */
export function runScenario(conn: Conn, inputs: ScenarioInputs): ScenarioRun {
  if (!inputs.changed.ok) return { kind: 'refused', side: 'scenario', problems: inputs.changed.problems };
  const base = baseResults(conn, inputs);
  if (!base.ok) return { kind: 'refused', side: 'base', problems: base.problems };
  const scenario = runModel(conn, inputs.stored, inputs.changed.document, inputs.changed.datasetChanges);
  if (!scenario.ok) return { kind: 'refused', side: 'scenario', problems: scenario.problems };
  return { kind: 'computed', base: base.results, scenario: scenario.results, differences: differences(base.results, scenario.results) };
}

/** The designed pay curves of the base and the scenario (the scenario's for its typical participant after its dataset changes). */
function designedCurves(inputs: ScenarioInputs) {
  const base = runDesignedCurve(inputs.stored, inputs.base.document, []);
  const scenario = inputs.changed.ok ? runDesignedCurve(inputs.stored, inputs.changed.document, inputs.changed.datasetChanges) : null;
  return { base: base?.points ?? null, scenario: scenario?.points ?? null, rule: scenario?.rule ?? base?.rule ?? null };
}

/** The scenario page: the scenario, its changes and plan in words, and its run against the base (for someone who may read models). */
export function scenarioPage(conn: Conn, actor: Actor, projectId: number, scenarioId: number) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'model.view');
  const inputs = scenarioInputs(conn, projectId, scenarioId);
  const promoted = inputs.scenario.promotedVersionId
    ? (conn.select({ number: planVersions.number }).from(planVersions).where(eq(planVersions.id, inputs.scenario.promotedVersionId)).get() ?? null)
    : null;
  return {
    promoted,
    project: { id: project.id, name: project.name },
    roles,
    scenario: {
      id: inputs.scenario.id,
      name: inputs.scenario.name,
      copiedFrom: inputs.scenario.copiedFrom,
      promotedVersionId: inputs.scenario.promotedVersionId,
    },
    plan: { id: inputs.plan.id, key: inputs.plan.planKey, name: inputs.plan.name },
    version: { id: inputs.version.id, number: inputs.version.number },
    dataset: inputs.dataset,
    changes: inputs.changes,
    words: describeScenario(inputs.version.document, inputs.changes),
    summary: planSummary(inputs.changed.ok ? inputs.changed.document : inputs.version.document),
    /** what a sensitivity sweep can vary, with its value in this scenario */
    sweepVariables: inputs.changed.ok ? sweepVariables(inputs.changed.document).map(({ template: _, ...v }) => v) : [],
    run: runScenario(conn, inputs),
    designed: designedCurves(inputs),
  };
}
export type ScenarioPage = ReturnType<typeof scenarioPage>;

/** The scenario page as it is sent to the page: each pay curve thinned (`participants` still counts them all). */
export function scenarioPageShown(conn: Conn, actor: Actor, projectId: number, scenarioId: number): ScenarioPage {
  const page = scenarioPage(conn, actor, projectId, scenarioId);
  if (page.run.kind !== 'computed') return page;
  const thin = (r: ModelingResults): ModelingResults => ({ ...r, payCurve: { ...r.payCurve, value: thinCurve(r.payCurve.value) } });
  return { ...page, run: { ...page.run, base: thin(page.run.base), scenario: thin(page.run.scenario) } };
}

/** The most scenarios compared on one page (with the base). */
export const compareMax = 4;

type CompareColumn = {
  name: string;
  on: string;
  run: { ok: true; results: ModelingResults } | { ok: false; problems: { message: string }[] };
};

/**
 * The base of the first scenario (its version unchanged on its dataset) and up to four scenarios, each
 * run in full by the engine (the runner keeps a base once run). An id of another project is not found.
 */
function compareRuns(conn: Conn, actor: Actor, projectId: number, scenarioIds: number[]) {
  const { project } = requireProjectPermission(conn, actor, projectId, 'model.view');
  const ids = [...new Set(scenarioIds)].slice(0, compareMax);
  const columns: CompareColumn[] = [];
  ids.forEach((id, i) => {
    const inputs = scenarioInputs(conn, projectId, id);
    const on = `${inputs.plan.planKey} v${inputs.version.number} on “${inputs.dataset.name}”`;
    if (i === 0) {
      const base = baseResults(conn, inputs);
      columns.push({ name: 'Base', on, run: base.ok ? base : { ok: false, problems: base.problems } });
    }
    if (!inputs.changed.ok) columns.push({ name: inputs.scenario.name, on, run: { ok: false, problems: inputs.changed.problems } });
    else {
      const r = runModel(conn, inputs.stored, inputs.changed.document, inputs.changed.datasetChanges);
      columns.push({ name: inputs.scenario.name, on, run: r.ok ? r : { ok: false, problems: r.problems } });
    }
  });
  return { project, ids, columns };
}

/**
 * Up to four scenarios side by side with the base of the first (its version unchanged on its dataset):
 * each run in full by the engine. Scenarios on another dataset or version are compared all the same,
 * and the page says which each ran on. Per scenario, who gains and who loses against the base
 * (workflows/modeling/deltas.ts), and each column's pay curve.
 */
export function comparePage(conn: Conn, actor: Actor, projectId: number, scenarioIds: number[]) {
  const { project, ids, columns } = compareRuns(conn, actor, projectId, scenarioIds);
  const base = columns[0]?.run;
  const figure = (label: string, pick: (r: ModelingResults) => string | null) => ({
    label,
    values: columns.map((c) => (c.run.ok ? pick(c.run.results) : null)),
  });
  return {
    project: { id: project.id, name: project.name },
    scenarioIds: ids,
    columns: columns.map((c, i) => ({
      name: c.name,
      on: c.on,
      problems: c.run.ok ? [] : c.run.problems.map((p) => p.message),
      /** every participant's point (the page draws a sample when there are many) */
      curve: c.run.ok
        ? {
            points: thinCurve(c.run.results.payCurve.value).map(({ participantId, attainment, payoutPct }) => ({ participantId, attainment, payoutPct })),
            of: c.run.results.payCurve.value.length,
          }
        : null,
      /** who gains and who loses against the base; none for the base itself or when either run was refused */
      deltas: i > 0 && base?.ok && c.run.ok ? deltaSummary(base.results, c.run.results) : null,
    })),
    figures: [
      figure('Total incentive cost', (r) => r.totalCost.value),
      figure('Credited revenue', (r) => r.creditedRevenue.value),
      figure('Cost of sales (%)', (r) => r.costOfSales.value),
      figure('Average payout (% of target)', (r) => r.averagePayoutPct.value),
      figure('Median payout (% of target)', (r) => r.medianPayoutPct.value),
      figure('Top decile over median', (r) => r.differentiation.value.topDecileOverMedian),
      figure('Median over bottom decile', (r) => r.differentiation.value.medianOverBottomDecile),
    ],
  };
}
export type ComparePage = ReturnType<typeof comparePage>;

/**
 * Every participant's payout under the base and each compared scenario, with the delta against the
 * base: the rows of the compare page's CSV, ordered by the first scenario's delta (the largest gain
 * first), then participant id. A participant absent from a run is paid 0 there. A run the engine
 * refused is a refusal naming it (there is nothing to put in its columns).
 */
export function compareCsv(conn: Conn, actor: Actor, projectId: number, scenarioIds: number[]) {
  const { project, ids, columns } = compareRuns(conn, actor, projectId, scenarioIds);
  const computed: { name: string; results: ModelingResults }[] = [];
  for (const c of columns) {
    if (!c.run.ok) throw refused(`The engine refused “${c.name}”: ${c.run.problems.map((p) => p.message).join('; ')}`);
    computed.push({ name: c.name, results: c.run.results });
  }
  const [base, ...scenarios] = computed;
  if (!base || scenarios.length === 0) throw invalid('Choose at least one scenario to compare.');
  const perScenario = scenarios.map((s) => new Map(participantDeltas(base.results, s.results).map((d) => [d.participantId, d])));
  const people = new Map<string, { role: string; base: string }>();
  for (const p of base.results.payCurve.value) people.set(p.participantId, { role: p.role, base: p.payout });
  for (const m of perScenario) for (const d of m.values()) if (!people.has(d.participantId)) people.set(d.participantId, { role: d.role, base: d.base });
  const zero = (like: string) => new Decimal(0).toFixed(like.includes('.') ? like.length - like.indexOf('.') - 1 : 0);
  const rows = [...people].map(([id, p]) => {
    const cells = perScenario.flatMap((m) => {
      const d = m.get(id);
      return d ? [d.scenario, d.delta] : [zero(p.base), zero(p.base)];
    });
    return { id, first: new Decimal(cells[1] ?? '0') as Dec, cells: [id, p.role, p.base, ...cells] };
  });
  rows.sort((a, b) => b.first.cmp(a.first) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    filename: `project-${project.id}-compare-${ids.join('-')}-deltas.csv`,
    header: ['participant_id', 'role', 'base_payout', ...scenarios.flatMap((s) => [`${s.name} payout`, `${s.name} delta`])],
    rows: rows.map((r) => r.cells),
  };
}
export type CompareCsv = ReturnType<typeof compareCsv>;
