import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '~/db/client';
import { parallelRuns, planVersions, testCases } from '~/db/schema';
import { Decimal } from '~/engine';
import { isoDay, nowOf } from '../clock';
import { type FormFields, parseInput } from '../command';
import { parseCsv } from '../csv';
import { notFound } from '../errors';
import type { Actor } from '../policy/roles';
import { type EngineProblem, type PayoutDataset, runEngine } from '../testing/engine-run';
import { datasetFields } from '../testing/payout-case';
import { versionInEffect } from './effective';
import { loadPlanVersionFor } from './load';

/**
 * What a plan version does to pay, before anyone signs it (issue 11): the engine runs a dataset in full
 * on the version in effect today ("before") and on the version ("after"), and the two runs are compared
 * exactly (decimal.js, never floats): per component, in total, and per participant. The dataset is a
 * payout case's or a parallel run's on the plan, or one uploaded for this comparison only (not stored).
 */

type Dec = InstanceType<typeof Decimal>;

/** Where the dataset comes from: a payout case on the plan, a parallel run on the plan, or files uploaded for this comparison. */
export type ImpactSource = { kind: 'case'; caseId: number } | { kind: 'run'; runId: number } | { kind: 'upload'; dataset: PayoutDataset };

/** "case:12" or "run:3" (the page's query string) as a source, or null for anything else. */
export function parseImpactSource(value: string | null | undefined): Extract<ImpactSource, { kind: 'case' | 'run' }> | null {
  const m = /^(case|run):([1-9]\d{0,9})$/.exec(value ?? '');
  if (!m) return null;
  return m[1] === 'case' ? { kind: 'case', caseId: Number(m[2]) } : { kind: 'run', runId: Number(m[2]) };
}

/** A dataset uploaded for one comparison: the four fields of a payout case, within the same limits per file. */
export const uploadedDatasetInput = z.object(datasetFields);
export const uploadedDataset = (fields: FormFields): PayoutDataset => parseInput(uploadedDatasetInput, fields);

export const sourceParam = (s: Extract<ImpactSource, { kind: 'case' | 'run' }>) => (s.kind === 'case' ? `case:${s.caseId}` : `run:${s.runId}`);

/** The stored datasets of a plan a person can choose from: its parallel runs' inputs, then its payout cases', by key. */
export function impactDatasets(conn: Conn, planId: number) {
  const runs = conn
    .select({ id: parallelRuns.id, name: parallelRuns.name, period: parallelRuns.period })
    .from(parallelRuns)
    .innerJoin(planVersions, eq(planVersions.id, parallelRuns.planVersionId))
    .where(eq(planVersions.planId, planId))
    .orderBy(asc(parallelRuns.id))
    .all();
  const cases = conn
    .select({ id: testCases.id, key: testCases.key, title: testCases.title, period: testCases.period })
    .from(testCases)
    .where(and(eq(testCases.planId, planId), eq(testCases.kind, 'payout')))
    .orderBy(asc(testCases.id))
    .all();
  return [
    ...runs.map((r) => ({ param: `run:${r.id}`, label: `Parallel run “${r.name}” (${r.period}): its inputs` })),
    ...cases.map((c) => ({ param: `case:${c.id}`, label: `${c.key} ${c.title} (${c.period ?? ''})` })),
  ];
}

/** The dataset a source names, and how the page names it; a case or run not on this plan is not found. */
export function impactDataset(conn: Conn, planId: number, source: ImpactSource): { label: string; dataset: PayoutDataset } {
  if (source.kind === 'upload') return { label: 'The uploaded dataset (not stored)', dataset: source.dataset };
  if (source.kind === 'case') {
    const c = conn
      .select()
      .from(testCases)
      .where(and(eq(testCases.id, source.caseId), eq(testCases.planId, planId), eq(testCases.kind, 'payout')))
      .get();
    if (!c) throw notFound('No such payout case on this plan.');
    return {
      label: `${c.key} ${c.title}`,
      dataset: { period: c.period ?? '', participantsCsv: c.participantsCsv ?? '', quotasCsv: c.quotasCsv ?? '', transactionsCsv: c.transactionsCsv ?? '' },
    };
  }
  const r = conn
    .select({ run: parallelRuns, planId: planVersions.planId })
    .from(parallelRuns)
    .innerJoin(planVersions, eq(planVersions.id, parallelRuns.planVersionId))
    .where(eq(parallelRuns.id, source.runId))
    .get();
  if (!r || r.planId !== planId) throw notFound('No such parallel run on this plan.');
  const { run } = r;
  return {
    label: `Parallel run “${run.name}” inputs`,
    dataset: { period: run.period, participantsCsv: run.participantsCsv, quotasCsv: run.quotasCsv, transactionsCsv: run.transactionsCsv },
  };
}

export type Amounts = { before: string; after: string; difference: string };
export type ComponentImpact = Amounts & { id: string; name: string };
export type ParticipantImpact = Amounts & { participantId: string; name: string };

export type ImpactOutcome =
  | { kind: 'nothing in effect' }
  | { kind: 'refused'; refusals: { side: 'before' | 'after'; version: number; problems: EngineProblem[] }[] }
  | {
      kind: 'computed';
      components: ComponentImpact[];
      total: Amounts;
      /** Every participant paid by either version, the largest rise first and the largest fall last. */
      participants: ParticipantImpact[];
      /** Participants whose pay rises, most first, and falls, most first (at most `top` each). */
      up: ParticipantImpact[];
      down: ParticipantImpact[];
      /** How many participants' pay changes, of how many paid by either version. */
      changed: number;
      compared: number;
    };

/** How many participants the page lists each way (paid more, paid less); the CSV export has them all. */
export const impactTop = 10;

/** Money as the engine writes it: at least its cents, more digits where the plan keeps them. */
const money = (d: Dec) => (d.decimalPlaces() < 2 ? d.toFixed(2) : d.toFixed());

/** Lines the engine adds that are not a component of the plan document. */
const engineLines: Record<string, string> = { total_cap: 'Total cap', draw: 'Draw', clawback: 'Clawback' };

function componentNames(document: string): Map<string, string> {
  const doc = JSON.parse(document) as { components?: { id: string; name?: string }[] };
  return new Map((doc.components ?? []).map((c) => [c.id, c.name ?? c.id]));
}

/** Participant id -> name, from the dataset's participants file (the engine has checked it). */
function participantNames(csv: string): Map<string, string> {
  const parsed = parseCsv(csv);
  if ('error' in parsed) return new Map();
  const id = parsed.header.indexOf('participant_id');
  const name = parsed.header.indexOf('name');
  return new Map(parsed.records.map((r) => [r.cells[id] ?? '', (name >= 0 ? r.cells[name] : '') ?? '']));
}

/** A run's pay added up per component and per participant. */
function sumsOf(lines: { participantId: string; componentId: string; amount: string }[]) {
  const byComponent = new Map<string, Dec>();
  const byParticipant = new Map<string, Dec>();
  const add = (m: Map<string, Dec>, k: string, v: string) => m.set(k, (m.get(k) ?? new Decimal(0)).plus(v));
  for (const l of lines) {
    add(byComponent, l.componentId, l.amount);
    add(byParticipant, l.participantId, l.amount);
  }
  return { byComponent, byParticipant };
}

/**
 * Runs the dataset on both documents (the engine in full, without explain traces) and compares the
 * runs exactly. Pay per component and per participant is the sum of the engine's lines (a total cap,
 * a draw or a clawback is a line of its own, so the sums agree with the engine's totals).
 * `before` null: no version is in effect, there is nothing to compare with.
 */
export function impactOf(
  before: { number: number; document: string } | null,
  after: { number: number; document: string },
  dataset: PayoutDataset,
  opts: { top?: number } = {},
): ImpactOutcome {
  if (!before) return { kind: 'nothing in effect' };
  const runs = { before: runEngine(before.document, dataset, { explain: false }), after: runEngine(after.document, dataset, { explain: false }) };
  if (!runs.before.ok || !runs.after.ok) {
    const refusals: Extract<ImpactOutcome, { kind: 'refused' }>['refusals'] = [];
    if (!runs.before.ok) refusals.push({ side: 'before', version: before.number, problems: runs.before.problems });
    if (!runs.after.ok) refusals.push({ side: 'after', version: after.number, problems: runs.after.problems });
    return { kind: 'refused', refusals };
  }
  const b = sumsOf(runs.before.lines);
  const a = sumsOf(runs.after.lines);
  const zero = new Decimal(0);
  const amounts = (x: Dec, y: Dec): Amounts => ({ before: money(x), after: money(y), difference: money(y.minus(x)) });

  const afterNames = componentNames(after.document);
  const beforeNames = componentNames(before.document);
  // This version's components in its order, then the ones only the version in effect has, then lines the engine adds.
  const componentIds = [...new Set([...afterNames.keys(), ...beforeNames.keys(), ...a.byComponent.keys(), ...b.byComponent.keys()])];
  const components = componentIds.map((id) => ({
    id,
    name: afterNames.get(id) ?? beforeNames.get(id) ?? engineLines[id] ?? id,
    ...amounts(b.byComponent.get(id) ?? zero, a.byComponent.get(id) ?? zero),
  }));
  const total = (m: Map<string, Dec>) => [...m.values()].reduce((s, v) => s.plus(v), zero);

  const names = participantNames(dataset.participantsCsv);
  const ids = [...new Set([...b.byParticipant.keys(), ...a.byParticipant.keys()])];
  const rows = ids.map((id) => {
    const x = b.byParticipant.get(id) ?? zero;
    const y = a.byParticipant.get(id) ?? zero;
    return { participantId: id, name: names.get(id) ?? '', delta: y.minus(x), ...amounts(x, y) };
  });
  const byId = (x: { participantId: string }, y: { participantId: string }) =>
    x.participantId < y.participantId ? -1 : x.participantId > y.participantId ? 1 : 0;
  rows.sort((x, y) => y.delta.comparedTo(x.delta) || byId(x, y));
  const top = opts.top ?? impactTop;
  const plain = ({ delta: _, ...r }: (typeof rows)[number]): ParticipantImpact => r;
  return {
    kind: 'computed',
    components,
    total: amounts(total(b.byComponent), total(a.byComponent)),
    participants: rows.map(plain),
    up: rows
      .filter((r) => r.delta.gt(0))
      .slice(0, top)
      .map(plain),
    down: rows
      .filter((r) => r.delta.lt(0))
      .sort((x, y) => x.delta.comparedTo(y.delta) || byId(x, y))
      .slice(0, top)
      .map(plain),
    changed: rows.filter((r) => !r.delta.isZero()).length,
    compared: rows.length,
  };
}

/**
 * The impact of plan version `ref` on a dataset, for someone who may read the version (the version
 * page's check): "before" is the version in effect on the day of `at`.
 */
export function planImpact(conn: Conn, actor: Actor, ref: { projectId?: number; planId: number; number: number }, source: ImpactSource, at = nowOf()) {
  const loaded = loadPlanVersionFor(conn, actor, ref, 'test.view');
  const { label, dataset } = impactDataset(conn, loaded.plan.id, source);
  const inEffect = versionInEffect(conn, loaded.plan.id, isoDay(at));
  return {
    dataset: { label, period: dataset.period },
    before: inEffect ? { number: inEffect.number, effectiveFrom: inEffect.effectiveFrom } : null,
    after: { number: loaded.version.number },
    outcome: impactOf(inEffect, loaded.version, dataset),
  };
}

export type PlanImpact = ReturnType<typeof planImpact>;
